"""Recurrence expansion with recurring-ical-events' own classes (never a hand-written RRULE):
the adapters that remember which prepared VEVENT each occurrence comes from."""

from __future__ import annotations


from recurring_ical_events import EventAdapter, Occurrence, Series



class Adapter(EventAdapter):
    """recurring-ical-events' VEVENT adapter, remembering which prepared VEVENT it wraps."""

    def __init__(self, prepared):
        super().__init__(prepared.component)
        self.prepared = prepared


class PreparedOccurrence(Occurrence):
    def __init__(self, adapter, start=None, end=None, sequence=-1):
        super().__init__(adapter, start, end, sequence)
        self.adapter = adapter


class PreparedSeries(Series):
    def occurrence(self, adapter, start=None, end=None):
        return PreparedOccurrence(adapter, start, end, sequence=self.sequence)
