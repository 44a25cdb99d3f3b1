"""cxdesk.ui.tabs.exchanges."""
