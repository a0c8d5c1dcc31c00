"""Whatever people type: a request is either saved whole or refused with a LegalError naming a field,
never an unexpected error and never half-written; a rating is 1–5 or refused."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.legal import actions
from kaopu.legal.actions import LegalError
from kaopu.legal.models import LegalRequest, RequestEvent
from kaopu.legal.testing import service

FIELDS = {"topic", "description", "contact_name", "contact_phone", "preferred_date", "preferred_slot"}
text = st.one_of(st.text(max_size=120), st.sampled_from(["", "  ", "劳动合同纠纷", "x" * 101, "13800001111",
                                                         "021-62345678", "+86 138 0000 1111"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(topic=text, description=text, contact_name=text, contact_phone=text,
       days=st.integers(min_value=-400, max_value=400), slot=st.sampled_from(["any", "morning", "night", ""]))
def test_submit_is_whole_or_refused_with_a_field(world, team, ent_user, topic, description, contact_name,
                                                 contact_phone, days, slot):  # type: ignore[no-untyped-def]
    before = (LegalRequest.objects.count(), RequestEvent.objects.count())
    try:
        made = actions.submit_request(acting_user=ent_user, service=service(), topic=topic, description=description,
                                      contact_name=contact_name, contact_phone=contact_phone, preferred_slot=slot,
                                      preferred_date=timezone.localdate() + timedelta(days=days))
    except LegalError as error:
        assert error.field in FIELDS and error.message
        assert (LegalRequest.objects.count(), RequestEvent.objects.count()) == before
    else:
        assert made.topic == topic.strip() and made.topic and 0 <= days <= 366
        assert RequestEvent.objects.filter(request=made).count() == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rating=st.one_of(st.integers(min_value=-10, max_value=10), st.floats(allow_nan=True), st.text(max_size=3),
                        st.none(), st.booleans()))
def test_ratings_outside_one_to_five_are_refused(world, team, ent_user, rating):  # type: ignore[no-untyped-def]
    try:
        stars = actions._whole_number(rating, "rating", "评价", 1, 5)
    except LegalError as error:
        assert error.field == "rating"
    else:
        assert 1 <= stars <= 5 and not isinstance(rating, bool)
