"""Record keys are required from now on: unique per record, indexed (not unique) in history tables."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_record_keys_filled")]

    operations = [
        migrations.AlterField(model_name='approvalrequest', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='assessment', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='assistanceservice', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='attachment', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='case', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='consent', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='followup', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='historicalapprovalrequest', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalassessment', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalassistanceservice', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalattachment', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalcase', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalconsent', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalfollowup', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalnote', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalreferral', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalreintegrationgoal', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalreintegrationplan', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalscreening', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalstory', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicaltraffickingevent', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicaltraffickingexperience', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='historicalvictim', name='record_key', field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='record key')),
        migrations.AlterField(model_name='note', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='referral', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='reintegrationgoal', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='reintegrationplan', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='screening', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='story', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='traffickingevent', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='traffickingexperience', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
        migrations.AlterField(model_name='victim', name='record_key', field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='record key')),
    ]
