"""cxdesk.ui.tabs.funding."""
