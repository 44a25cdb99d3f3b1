"""The painted calendar: day cells, exchanges as bars in lanes, holidays shaded, clashes in red."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import get_day_names
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QToolTip, QWidget

from cxdesk.core.clock import today_utc
from cxdesk.core.i18n import _, current_language, format_day, ngettext
from cxdesk.domain.codes import Status
from cxdesk.services.calendar import CalendarView, Holiday, SpanRow
from cxdesk.services.calendar_layout import Segment, lay_out
from cxdesk.ui.tabs.calendar import keys
from cxdesk.ui.tabs.calendar.colours import HATCH
from cxdesk.ui.tabs.calendar.day_cell import DAY_H, paint_bar, paint_day
from cxdesk.ui.tabs.calendar.texts import bar_text, day_tooltip, span_tooltip

HEADER_H = 26  # the weekday names
LANE_H = 22
BAR_H = 18
MORE_H = 16


@dataclass(frozen=True)
class Bar:
    segment: Segment
    rect: QRectF


class CalendarCanvas(QWidget):
    """Weeks of seven days; each exchange a bar across its days. Keyboard: arrows, Enter."""

    #: An exchange's uid, on click, double click or Enter.
    activated = Signal(str)
    #: The exchange under the keyboard cursor changed (its uid, or "").
    selection_changed = Signal(str)
    #: "+ n more" clicked on a day: the tab shows that week.
    more_requested = Signal(object)  # date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setAccessibleName(_("Calendar of exchanges"))
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        self.setPalette(palette)
        self._view: CalendarView | None = None
        self._month: int | None = None  # the month shown (month mode), for greying other days
        self._weeks = 0
        self._segments: list[Segment] = []
        self._lanes: list[int] = []  # lanes used per week
        self._bars: list[Bar] = []
        self._hidden: dict[date, int] = {}
        self._holidays: dict[date, list[Holiday]] = {}
        self._clashing: frozenset[str] = frozenset()
        self._selected: str = ""
        self.today = today_utc()

    # -- data ------------------------------------------------------------------------------
    def set_view(self, view: CalendarView, month: int | None) -> None:
        """Show a page; `month` greys the days of other months (None in the week view)."""
        self._view = view
        self._month = month
        self._weeks = ((view.end - view.start).days + 1) // 7
        self._segments = lay_out(view.spans, view.start, self._weeks)
        self._lanes = [0] * self._weeks
        for s in self._segments:
            self._lanes[s.week] = max(self._lanes[s.week], s.lane + 1)
        self._holidays = {}
        for h in view.holidays:
            self._holidays.setdefault(h.day, []).append(h)
        self._clashing = view.clashing_uids
        if self._selected not in {s.uid for s in view.spans}:
            self._selected = ""
        self.updateGeometry()
        self._relayout()
        self.update()

    @property
    def view(self) -> CalendarView | None:
        return self._view

    @property
    def selected_uid(self) -> str:
        return self._selected

    def bars(self) -> list[tuple[str, QRectF]]:
        """The exchanges drawn and where (uid, rect), in reading order: for tests and a11y."""
        assert self._view is not None or not self._bars
        return [(self._span(b).uid, b.rect) for b in self._bars]

    def hidden_on(self, day: date) -> int:
        return self._hidden.get(day, 0)

    def _span(self, bar: Bar) -> SpanRow:
        assert self._view is not None
        return self._view.spans[bar.segment.index]

    # -- geometry --------------------------------------------------------------------------
    @property
    def week_mode(self) -> bool:
        return self._month is None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(900, 600)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if self.week_mode and self._weeks:
            lanes = max(self._lanes) if self._lanes else 0
            return QSize(560, HEADER_H + DAY_H + max(lanes, 3) * LANE_H + 12)
        return QSize(560, HEADER_H + max(self._weeks, 1) * (DAY_H + 2 * LANE_H + MORE_H))

    def _row_height(self) -> float:
        return (self.height() - HEADER_H) / max(self._weeks, 1)

    def _column_width(self) -> float:
        return self.width() / 7

    def cell_rect(self, day: date) -> QRectF:
        """The cell of a day on the page (empty when the day is not on it)."""
        if self._view is None or not self._view.start <= day <= self._view.end:
            return QRectF()
        offset = (day - self._view.start).days
        week, column = divmod(offset, 7)
        w, h = self._column_width(), self._row_height()
        return QRectF(column * w, HEADER_H + week * h, w, h)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self._relayout()

    def _relayout(self) -> None:
        self._bars, self._hidden = [], {}
        if self._view is None:
            return
        w, h = self._column_width(), self._row_height()
        every = int((h - DAY_H) // LANE_H)  # lanes that fit in a day cell
        with_more = max(int((h - DAY_H - MORE_H) // LANE_H), 0)  # …leaving a line for "+ more"
        for s in sorted(self._segments, key=lambda s: (s.week, s.lane, s.first)):
            limit = (
                self._lanes[s.week]
                if self.week_mode or self._lanes[s.week] <= every
                else (with_more)
            )
            if s.lane >= limit:
                for column in range(s.first, s.last + 1):
                    day = self._view.start + timedelta(days=7 * s.week + column)
                    self._hidden[day] = self._hidden.get(day, 0) + 1
                continue
            top = HEADER_H + s.week * h + DAY_H + s.lane * LANE_H
            left = s.first * w + (1 if s.open_left else 4)
            right = (s.last + 1) * w - (1 if s.open_right else 4)
            self._bars.append(Bar(s, QRectF(left, top + 2, right - left, BAR_H)))

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_header(painter)
        if self._view is None:
            return
        clip = QRectF(event.rect())
        day = self._view.start
        while day <= self._view.end:
            rect = self.cell_rect(day)
            if rect.intersects(clip):
                self._paint_day(painter, day, rect)
            day += timedelta(days=1)
        for bar in self._bars:
            if bar.rect.intersects(clip):
                self._paint_bar(painter, bar)
        self._paint_more(painter, clip)
        painter.end()

    def _paint_header(self, painter: QPainter) -> None:
        names = get_day_names("abbreviated", locale=current_language())
        w = self._column_width()
        painter.fillRect(QRectF(0, 0, self.width(), HEADER_H), QColor("#eef1f4"))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#36414c"))
        for column in range(7):
            rect = QRectF(column * w, 0, w, HEADER_H)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, names[column])

    def _paint_day(self, painter: QPainter, day: date, rect: QRectF) -> None:
        label = (
            format_day(day, fmt="d MMM")
            if day.day == 1 or day == self._view_start()
            else (str(day.day))
        )
        other = self._month is not None and day.month != self._month
        number = QRectF(rect.left() + 6, rect.top() + 2, rect.width() - 12, DAY_H - 4)
        paint_day(
            painter,
            rect,
            number,
            day,
            label,
            self.font(),
            other=other,
            today=day == self.today,
            holidays=self._holidays.get(day, []),
        )

    def _view_start(self) -> date | None:
        return self._view.start if self._view else None

    def _paint_bar(self, painter: QPainter, bar: Bar) -> None:
        span = self._span(bar)
        paint_bar(
            painter,
            bar.rect,
            Status(span.status),
            self._bar_text(span),
            self.font(),
            open_ends=(bar.segment.open_left, bar.segment.open_right),
            clash=span.uid in self._clashing,
            selected=span.uid == self._selected,
            focused=self.hasFocus(),
            hatch=lambda: self._hatch_holidays(painter, bar, span),
        )

    def _bar_text(self, span: SpanRow) -> str:
        return bar_text(span, self.week_mode)

    def _hatch_holidays(self, painter: QPainter, bar: Bar, span: SpanRow) -> None:
        """Days of the stay that are holidays at the host: hatched, as they are not working days."""
        assert self._view is not None
        w = self._column_width()
        week_start = self._view.start + timedelta(days=7 * bar.segment.week)
        for column in range(bar.segment.first, bar.segment.last + 1):
            day = week_start + timedelta(days=column)
            if any(h.country == span.host_country for h in self._holidays.get(day, [])):
                rect = QRectF(column * w, bar.rect.top(), w, bar.rect.height()).intersected(
                    bar.rect
                )
                painter.fillRect(rect, QBrush(HATCH, Qt.BrushStyle.BDiagPattern))

    def _paint_more(self, painter: QPainter, clip: QRectF) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() - 1, 7))
        painter.setFont(small)
        painter.setPen(QColor("#1f5f99"))
        for day, count in self._hidden.items():
            rect = self._more_rect(day)
            if rect.intersects(clip):
                text = ngettext("+ {n} more", "+ {n} more", count).format(n=count)
                painter.drawText(
                    rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
                )

    def _more_rect(self, day: date) -> QRectF:
        cell = self.cell_rect(day)
        return QRectF(cell.left() + 6, cell.bottom() - MORE_H - 1, cell.width() - 12, MORE_H)

    # -- hit testing, tooltips -------------------------------------------------------------
    def bar_at(self, pos: QPoint) -> Bar | None:
        point = QRectF(pos.x(), pos.y(), 1, 1)
        for bar in self._bars:
            if bar.rect.intersects(point):
                return bar
        return None

    def day_at(self, pos: QPoint) -> date | None:
        if self._view is None or pos.y() < HEADER_H:
            return None
        column = int(pos.x() // self._column_width())
        week = int((pos.y() - HEADER_H) // self._row_height())
        if not (0 <= column < 7 and 0 <= week < self._weeks):
            return None
        return self._view.start + timedelta(days=7 * week + column)

    def tooltip_at(self, pos: QPoint) -> str:
        bar = self.bar_at(pos)
        if bar is not None:
            return self.span_tooltip(self._span(bar))
        day = self.day_at(pos)
        if day is None:
            return ""
        return day_tooltip(day, self._holidays.get(day, []), self._hidden.get(day, 0))

    def span_tooltip(self, span: SpanRow) -> str:
        assert self._view is not None
        return span_tooltip(span, self._view)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # -- mouse and keyboard ----------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        pos = event.position().toPoint()
        bar = self.bar_at(pos)
        if bar is not None:
            self.select(self._span(bar).uid)
            self.activated.emit(self._selected)
            return
        day = self.day_at(pos)
        if (
            day is not None
            and self._hidden.get(day)
            and self._more_rect(day).contains(event.position())
        ):
            self.more_requested.emit(day)
            return
        super().mousePressEvent(event)

    def select(self, uid: str) -> None:
        if uid == self._selected:
            return
        self._selected = uid
        self.update()
        self.selection_changed.emit(uid)
        if self._view is not None and uid:
            span = next(s for s in self._view.spans if s.uid == uid)
            self.setAccessibleDescription(self.span_tooltip(span))

    def selected_rect(self) -> QRect:
        for bar in self._bars:
            if self._span(bar).uid == self._selected:
                return bar.rect.toAlignedRect()
        return QRect()

    def focusInEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        if not self._selected and self._bars:
            self.select(self._span(self._bars[0]).uid)
        self.update()

    def focusOutEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._selected:
            self.activated.emit(self._selected)
            return
        moves: dict[Qt.Key, Callable[[], int | None]] = {
            Qt.Key.Key_Right: lambda: self._step(1),
            Qt.Key.Key_Left: lambda: self._step(-1),
            Qt.Key.Key_Down: lambda: self._vertical(1),
            Qt.Key.Key_Up: lambda: self._vertical(-1),
            Qt.Key.Key_Home: lambda: 0 if self._bars else None,
            Qt.Key.Key_End: lambda: len(self._bars) - 1 if self._bars else None,
        }
        move = moves.get(Qt.Key(key))
        if move is not None:
            target = move()
            if target is not None:
                self.select(self._span(self._bars[target]).uid)
            return
        super().keyPressEvent(event)

    def _current(self) -> int | None:
        for i, bar in enumerate(self._bars):
            if self._span(bar).uid == self._selected:
                return i
        return None

    def _step(self, delta: int) -> int | None:
        return keys.step(len(self._bars), self._current(), delta)

    def _vertical(self, delta: int) -> int | None:
        places = [(b.segment.week, b.segment.lane, b.rect.center().x()) for b in self._bars]
        return keys.vertical(places, self._current(), delta)
