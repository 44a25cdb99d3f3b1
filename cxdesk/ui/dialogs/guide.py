"""Help → User guide: the guide's Markdown pages (resources/guide/<lang>/) in a browser window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core import i18n, paths
from cxdesk.core.i18n import _

INDEX = "index.md"
#: Pictures wider than this are shown scaled down (the screenshots are 1280 pixels wide).
IMAGE_WIDTH = 880


def guide_root() -> Path:
    return paths.resources_dir() / "guide"


def guide_folders(lang: str | None = None) -> list[Path]:
    """Where pages are looked for, in order: the language's folder (when it has the guide), then
    English's, so a page not translated yet shows in English."""
    code = (lang or i18n.current_language()).split("_")[0]
    root = guide_root()
    folders = [root / code] if (root / code / INDEX).is_file() else []
    english = root / i18n.SOURCE_LANGUAGE
    return [*folders, english] if english not in folders else folders


class GuideBrowser(QTextBrowser):
    """A QTextBrowser whose pictures fit the page: screenshots are scaled down to IMAGE_WIDTH."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 - Qt's name
        found = super().loadResource(kind, name)
        if kind == QTextDocument.ResourceType.ImageResource.value:
            image = found if isinstance(found, QImage) else QImage.fromData(found)
            if not image.isNull() and image.width() > IMAGE_WIDTH:
                return image.scaledToWidth(IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)
            return image
        return found


class GuideDialog(QDialog):
    """The guide: the index first, links between pages followed, Back and Home."""

    def __init__(self, parent: QWidget | None = None, lang: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle(_("cxdesk user guide"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.folders = guide_folders(lang)

        self.browser = GuideBrowser(self)
        self.browser.setObjectName("guide-browser")
        self.browser.setAccessibleName(_("User guide page"))
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(True)  # web addresses go to the system's browser
        # Relative names: each page and picture is looked for in the language's folder, then
        # in English's.
        self.browser.setSearchPaths([str(folder) for folder in self.folders])

        style = self.style()
        self.back_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack), _("&Back"), self
        )
        self.back_button.setAccessibleName(_("Back to the previous page"))
        self.back_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_button.setEnabled(False)
        self.back_button.clicked.connect(self.browser.backward)
        self.home_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon), _("&Home"), self
        )
        self.home_button.setAccessibleName(_("The guide's first page"))
        self.home_button.clicked.connect(self.browser.home)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)

        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.home_button)
        bar.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

        self.browser.setSource(QUrl(INDEX), QTextDocument.ResourceType.MarkdownResource)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(IMAGE_WIDTH + 120, 760)

    @property
    def page(self) -> str:
        """The file name of the page shown (index.md, daily.md …)."""
        return self.browser.source().fileName()

    def show_page(self, name: str) -> None:
        self.browser.setSource(QUrl(name), QTextDocument.ResourceType.MarkdownResource)


def open_guide(parent: QWidget) -> GuideDialog:
    """The guide over `parent`: the one already open is brought forward, else a new one."""
    shown = parent.findChild(GuideDialog)
    if isinstance(shown, GuideDialog) and shown.isVisible():
        shown.raise_()
        shown.activateWindow()
        return shown
    dialog = GuideDialog(parent)
    dialog.resize(dialog.sizeHint())
    dialog.show()
    return dialog
