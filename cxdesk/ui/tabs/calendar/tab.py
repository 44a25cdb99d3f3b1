"""The Calendar tab: a month or a week of exchanges, host holidays, clashes, iCalendar export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from babel.dates import format_interval
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, country_name, current_language, format_day, ngettext
from cxdesk.domain.codes import STATUS_LABELS, VOID_STATUSES, Status
from cxdesk.domain.countries import ever_participating
from cxdesk.services.calendar import calendar_view, clash_text, month_grid, shift, week_range
from cxdesk.services.ical import write_ical
from cxdesk.ui import style
from cxdesk.ui.context import UiContext
from cxdesk.ui.tabs.calendar.legend import Legend
from cxdesk.ui.tabs.calendar.view import CalendarCanvas
from cxdesk.ui.tabs.shown_tab import ShownTab

LIVE = "live"


class CalendarTab(ShownTab):
    """Exchanges on a calendar; click or Enter on one opens it in the exchange editor."""

    #: The changes that can move, add or drop a bar.
    CONCERNS = frozenset({"exchanges", "organisations", "people"})

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today_utc()
        self.day = self.today
        self.mode = "month"
        self._build()
        self.reload()

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(self._build_bar())

        self.canvas = CalendarCanvas()
        self.canvas.today = self.today
        self.canvas.activated.connect(self.open_exchange_requested)
        self.canvas.selection_changed.connect(self._scroll_to_selection)
        self.canvas.more_requested.connect(self._show_week)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.scroll_area, 1)

        layout.addWidget(Legend())

        self.clash_title = QLabel()
        font = QFont(self.clash_title.font())
        font.setBold(True)
        self.clash_title.setFont(font)
        layout.addWidget(self.clash_title)
        self.clash_list = QListWidget()
        self.clash_list.setAccessibleName(_("Clashes between exchanges"))
        self.clash_list.setMaximumHeight(96)
        self.clash_list.setStyleSheet("QListWidget { color: #b71c1c; }")
        self.clash_list.currentItemChanged.connect(self._clash_selected)
        self.clash_list.itemActivated.connect(self._clash_activated)
        layout.addWidget(self.clash_list)

        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage), self.canvas,
                  lambda: self.step(-1))  # fmt: skip
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToNextPage), self.canvas,
                  lambda: self.step(1))  # fmt: skip

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.today_button = QPushButton(_("Today"))
        self.today_button.setAccessibleName(_("Go to today"))
        self.today_button.clicked.connect(lambda: self.go_to(self.today))
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.clicked.connect(lambda: self.step(1))
        for widget in (self.previous_button, self.today_button, self.next_button):
            bar.addWidget(widget)

        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setMinimumWidth(220)
        # The title never gives up characters; the stretch after the summary gives way instead.
        self.title.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        bar.addSpacing(8)
        bar.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setStyleSheet(f"color: {style.Tone('#5f6b76')};")
        # Two lines rather than cut where the words are long (Finnish, Irish) and room is short.
        self.summary.setWordWrap(True)
        bar.addWidget(self.summary)
        bar.addStretch(1)

        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        modes = (
            ("month", _("Month"), _("Show a month")),
            ("week", _("Week"), _("Show a week")),
        )
        for mode, label, spoken in modes:
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setChecked(mode == self.mode)
            button.setAccessibleName(spoken)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            # The style's padding is not in the button's size hint: "Seachtain" (Irish) came out
            # as "Sea…ain". Its word in bold (the checked look) and the padding, measured.
            bold = QFont(button.font())
            bold.setBold(True)
            button.setMinimumWidth(max(64, QFontMetrics(bold).horizontalAdvance(label) + 28))
            # Never narrower than its word ("Εβδομάδα"): the combos give way instead.
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, m=mode: self.set_mode(m))
            self.mode_group.addButton(button)
            bar.addWidget(button)
        self.month_button, self.week_button = self.mode_group.buttons()
        bar.addSpacing(8)

        self.country_box = QComboBox()
        self.country_box.setAccessibleName(_("Host country"))
        self.country_box.setToolTip(_("Show the exchanges to one host country"))
        self.country_box.addItem(_("All host countries"), None)
        countries = sorted(ever_participating(), key=lambda c: country_name(c))
        for code in countries:
            self.country_box.addItem(f"{country_name(code)} ({code})", code)
        self.country_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.country_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.country_box.setMinimumContentsLength(14)
        bar.addWidget(self.country_box)

        self.status_box = QComboBox()
        self.status_box.setAccessibleName(_("Status"))
        self.status_box.setToolTip(_("Show the exchanges in one status"))
        self.status_box.addItem(_("All statuses"), None)
        self.status_box.addItem(_("Live (not cancelled or rejected)"), LIVE)
        for status in Status:
            self.status_box.addItem(_(STATUS_LABELS[status]), status.value)
        self.status_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.status_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status_box.setMinimumContentsLength(14)
        bar.addWidget(self.status_box)

        self.export_button = QPushButton(_("Export iCalendar…"))
        self.export_button.setToolTip(_("Save the exchanges shown as an .ics file"))
        self.export_button.clicked.connect(self._ask_export)
        bar.addWidget(self.export_button)
        return bar

    # -- the contract with the main window -------------------------------------------------
    def focus_filter(self) -> None:
        self.country_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- navigation ------------------------------------------------------------------------
    def page(self) -> tuple[date, date]:
        return month_grid(self.day) if self.mode == "month" else week_range(self.day)

    def go_to(self, day: date, mode: str | None = None) -> None:
        self.day = day
        if mode:
            self.set_mode(mode, reload=False)
        self.reload()

    def step(self, steps: int) -> None:
        self.go_to(shift(self.day, self.mode, steps))

    def set_mode(self, mode: str, *, reload: bool = True) -> None:
        self.mode = mode
        (self.month_button if mode == "month" else self.week_button).setChecked(True)
        if reload:
            self.reload()

    def _show_week(self, day: date) -> None:
        self.go_to(day, "week")

    def filters(self) -> tuple[str | None, frozenset[str]]:
        country = self.country_box.currentData()
        status = self.status_box.currentData()
        if status == LIVE:
            statuses = frozenset(s.value for s in Status if s not in VOID_STATUSES)
        elif status:
            statuses = frozenset({status})
        else:
            statuses = frozenset()
        return country, statuses

    def reload(self) -> None:
        start, end = self.page()
        country, statuses = self.filters()
        view = calendar_view(self.context.db, start, end, host_country=country, statuses=statuses)
        self._stale = False
        self.canvas.set_view(view, self.day.month if self.mode == "month" else None)
        unit = _("month") if self.mode == "month" else _("week")
        self.previous_button.setToolTip(_("Previous {unit}").format(unit=unit))
        self.previous_button.setAccessibleName(_("Previous {unit}").format(unit=unit))
        self.next_button.setToolTip(_("Next {unit}").format(unit=unit))
        self.next_button.setAccessibleName(_("Next {unit}").format(unit=unit))
        if self.mode == "month":
            self.title.setText(format_day(self.day, fmt="LLLL y").capitalize())
        else:
            self.title.setText(
                _("Week {number}: {dates}").format(
                    number=start.isocalendar().week,
                    dates=format_interval(start, end, "yMMMd", locale=current_language()),
                )
            )
        count = len(view.spans)
        self.summary.setText(
            ngettext("{n} exchange", "{n} exchanges", count).format(n=count)
            + " · "
            + ngettext("{n} host holiday", "{n} host holidays", len(view.holidays)).format(
                n=len(view.holidays)
            )
        )
        self._fill_clashes()

    def _fill_clashes(self) -> None:
        view = self.canvas.view
        assert view is not None
        self.clash_list.clear()
        for clash in view.clashes:
            item = QListWidgetItem("⚠ " + clash_text(clash))
            item.setData(Qt.ItemDataRole.UserRole, clash.first_uid)
            item.setToolTip(_("Enter opens {reference}").format(reference=clash.first_reference))
            self.clash_list.addItem(item)
        count = len(view.clashes)
        if count:
            self.clash_title.setText(
                ngettext("{n} clash on this page", "{n} clashes on this page", count).format(
                    n=count
                )
            )
            self.clash_title.setStyleSheet("color: #b71c1c;")
        else:
            self.clash_title.setText(_("No clashes on this page."))
            self.clash_title.setStyleSheet(f"color: {style.Tone('#2f6b3a')};")
        self.clash_list.setVisible(bool(count))
        self.clash_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        rows = min(count, 4)
        self.clash_list.setFixedHeight(rows * self.clash_list.sizeHintForRow(0) + 6 if rows else 0)

    def _clash_selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.canvas.select(str(item.data(Qt.ItemDataRole.UserRole)))

    def _clash_activated(self, item: QListWidgetItem) -> None:
        self.open_exchange_requested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _scroll_to_selection(self, _uid: str) -> None:
        rect = self.canvas.selected_rect()
        if not rect.isNull():
            self.scroll_area.ensureVisible(rect.center().x(), rect.center().y(), 10, rect.height())

    # -- export ----------------------------------------------------------------------------
    def _ask_export(self) -> None:
        start, _end = self.page()
        suggested = f"cxdesk-{start.isoformat()}.ics"
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export iCalendar"),
            suggested,
            _("iCalendar files (*.ics)"),
        )
        if name:
            self.export_ical(Path(name))

    def export_ical(self, path: Path) -> int:
        """Write the exchanges shown to `path`; say so in the status bar."""
        view = self.canvas.view
        assert view is not None
        if path.suffix.lower() != ".ics":
            path = path.with_suffix(".ics")
        try:
            count = write_ical(path, view.spans)
        except OSError as exc:
            error = UserError(
                _("Cannot write {path}: {reason}.").format(path=path, reason=exc.strerror)
            )
            self.context.status.emit(str(error))
            return 0
        self.context.status.emit(
            ngettext(
                "{n} exchange exported to {path}.", "{n} exchanges exported to {path}.", count
            ).format(n=count, path=path)
        )
        return count
