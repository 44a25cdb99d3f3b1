"""cxdesk.ui.tabs."""
