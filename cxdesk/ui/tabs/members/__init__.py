"""cxdesk.ui.tabs.members."""
