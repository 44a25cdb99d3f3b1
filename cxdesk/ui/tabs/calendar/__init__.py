"""cxdesk.ui.tabs.calendar."""
