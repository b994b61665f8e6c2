from datetime import date


def years_needing_entry(*, today: date) -> list[int]:
    """Years an admin should enter now: this year if missing, and from 1 December next year.

    The State Council usually announces next year's holidays in November or December; from
    1 December on, deadlines may already run into next year.
    """
    from core.calendar.models import CalendarYear

    wanted = [today.year] + ([today.year + 1] if today.month == 12 else [])
    covered = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [year for year in wanted if year not in covered]
