"""Connectors: where calendars come from and go to.

``connectors.ics`` reads iCalendar files (icalendar + recurring-ical-events) into
:class:`meetingrules.EventData` occurrences; other modules here talk to CalDAV servers and
run the command line. The engine (``meetingrules``) imports none of them: calendar and
network libraries are loaded only from this package.
"""
