"""Money in pictures: granted against paid over the months, and granted by host country."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from cxdesk.core.i18n import (
    _,
    country_name,
    current_language,
    format_day,
    format_money,
    ngettext,
)
from cxdesk.services.funding import CountryMoney, MonthMoney

GRANTED = QColor("#3b82c4")
PAID = QColor("#2f6b3a")


def _nice_top(value: Decimal) -> float:
    """A round axis maximum just above `value` (1, 2 or 5 times a power of ten)."""
    top = float(value) or 1.0
    power = 10 ** (len(str(int(top))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * power:
            return float(step * power)
    return float(10.0 * power)


def _amount_axis(amounts: list[Decimal], ticks: int) -> QValueAxis:
    """Whole amounts from nought to a round number above the largest; at least 1, for no amounts."""
    axis = QValueAxis()
    axis.setRange(0, _nice_top(max([*amounts, Decimal(1)])))
    axis.setLabelFormat("%.0f")
    axis.setTickCount(ticks)
    return axis


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() + 1)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    # Axis numbers in the desk's language: 12 000 in French, 12.000 in German.
    chart.setLocalizeNumbers(True)
    chart.setLocale(QLocale(current_language()))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


class _View(QChartView):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(name)
        self.setMinimumHeight(220)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class MonthChart(_View):
    """Granted (by the month the exchanges start) and paid (by the month paid), side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Money by month"), parent)
        self.categories: list[str] = []

    def show_months(self, months: list[MonthMoney]) -> None:
        chart = _chart(_("Granted and paid by month (EUR)"))
        granted, paid = QBarSet(_("Granted (by start month)")), QBarSet(_("Paid"))
        granted.setColor(GRANTED)
        paid.setColor(PAID)
        for month in months:
            granted.append(float(month.granted))
            paid.append(float(month.paid))
        series = QBarSeries()
        series.append(granted)
        series.append(paid)
        chart.addSeries(series)
        self.categories = [format_day(m.month, fmt="MMM yy") for m in months]
        x = QBarCategoryAxis()
        x.append(self.categories)
        x.setLabelsAngle(-90)  # 18 months side by side do not fit flat
        x.setTruncateLabels(False)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = _amount_axis([m.granted for m in months] + [m.paid for m in months], 6)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        self.setToolTip(
            "\n".join(
                _("{month}: granted {granted}, paid {paid}").format(
                    month=label, granted=format_money(m.granted), paid=format_money(m.paid)
                )
                for label, m in zip(self.categories, months, strict=True)
                if m.granted or m.paid
            )
        )
        self._replace(chart)

    def _replace(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()


class CountryChart(MonthChart):
    """The host countries the most money goes to, the largest on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Money by host country"))

    def show_countries(self, countries: list[CountryMoney]) -> None:
        chart = _chart(_("Granted by host country, top {n} (EUR)").format(n=len(countries)))
        chart.legend().setVisible(False)
        granted = QBarSet(_("Granted"))
        granted.setColor(GRANTED)
        ordered = list(reversed(countries))  # a horizontal chart draws the first at the bottom
        for item in ordered:
            granted.append(float(item.granted))
        series = QHorizontalBarSeries()
        series.append(granted)
        series.setLabelsVisible(False)
        chart.addSeries(series)
        self.categories = [country_name(c.country) for c in ordered]
        y = QBarCategoryAxis()
        y.append(self.categories)
        y.setTruncateLabels(False)
        # A label Qt cannot fit is dropped silently: a size smaller keeps all ten names.
        font = QFont(y.labelsFont())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        y.setLabelsFont(font)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        x = _amount_axis([c.granted for c in countries], 5)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        self.setToolTip(
            "\n".join(
                ngettext(
                    "{country}: {amount} granted to {n} exchange",
                    "{country}: {amount} granted to {n} exchanges",
                    c.count,
                ).format(country=country_name(c.country), amount=format_money(c.granted), n=c.count)
                for c in countries
            )
        )
        self._replace(chart)
