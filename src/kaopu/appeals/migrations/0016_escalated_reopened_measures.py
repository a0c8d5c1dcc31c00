# The measures count escalated (督办) and reopened appeals: a fact on the appeal's row, two counters in
# the rollup, both filled here for the appeals that exist (so that `kaopu kpi check` agrees at once).

from zoneinfo import ZoneInfo

from django.db import migrations, models
from django.db.models import Case, DateField, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Appeal, Event, KpiCell = (apps.get_model("appeals", name) for name in ("Appeal", "Event", "KpiCell"))
    # Escalated: the sweep left an "escalate" marker, or a third unsatisfied rating sent it to arbitration.
    escalated = Q(pk__in=Event.objects.filter(action="escalate").values("appeal_id"))
    arbitration = Q(close_reason="arbitrated") | Q(state="replied", reopen_count__gte=2, rating__in=["1", "2"])
    Appeal.objects.filter(escalated | arbitration).update(escalated=True)
    keys = {"all": Value(""), "department": F("lead_department_id"), "kind": F("kind"), "category": F("category_id"),
            "subdistrict": F("enterprise__subdistrict_id"),
            "industry": Coalesce(F("enterprise__industry__section_id"), F("enterprise__industry_section_id")),
            "source": F("source")}
    month = TruncMonth("created_at", output_field=DateField(), tzinfo=ZoneInfo("Asia/Shanghai"))
    flagged = Appeal.objects.filter(Q(escalated=True) | Q(reopen_count__gt=0)).order_by()
    for dimension, key in keys.items():
        groups = (flagged.annotate(m=month, k=key).values("district_id", "m", "k")
                  .annotate(reopened=Sum(Case(When(reopen_count__gt=0, then=Value(1)), default=Value(0),
                                              output_field=IntegerField())),
                            escalated=Sum(Case(When(escalated=True, then=Value(1)), default=Value(0),
                                               output_field=IntegerField()))))
        for group in groups.iterator():
            KpiCell.objects.filter(district_id=group["district_id"], month=group["m"], dimension=dimension,
                                   key="" if group["k"] is None else str(group["k"])).update(
                reopened=group["reopened"], escalated=group["escalated"])


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0015_merge_routing_rules'),
    ]

    operations = [
        migrations.AddField(
            model_name='appeal',
            name='escalated',
            field=models.BooleanField(default=False, verbose_name='escalated'),
        ),
        migrations.AddField(
            model_name='kpicell',
            name='escalated',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='kpicell',
            name='reopened',
            field=models.IntegerField(default=0),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
