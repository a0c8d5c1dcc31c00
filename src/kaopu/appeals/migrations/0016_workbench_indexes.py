# The partial indexes of the start pages' appeal to-dos (requests to decide, replies rated unsatisfied).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0015_merge_routing_rules'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='appeal',
            index=models.Index(condition=models.Q(('return_requested', True), ('extension_requested', True), _connector='OR'), fields=['district', '-id'], name='appeal_decision_pending'),
        ),
        migrations.AddIndex(
            model_name='appeal',
            index=models.Index(condition=models.Q(('rating__in', ['1', '2'])), fields=['district', '-id'], name='appeal_rated_unsatisfied'),
        ),
    ]
