"""cxdesk: the desk of ClusterXchange coordinators."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cxdesk")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
