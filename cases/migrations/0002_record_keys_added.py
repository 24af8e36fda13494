"""Every record with encrypted fields gets a random record key (nullable here; filled by 0003, required
by 0004), which its encrypted values will be bound to. History rows get their original row's key."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.AddField(model_name='approvalrequest', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='assessment', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='assistanceservice', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='attachment', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='case', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='consent', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='followup', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalapprovalrequest', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalassessment', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalassistanceservice', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalattachment', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalcase', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalconsent', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalfollowup', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalnote', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalreferral', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalreintegrationgoal', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalreintegrationplan', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalscreening', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalstory', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicaltraffickingevent', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicaltraffickingexperience', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='historicalvictim', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='note', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='referral', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='reintegrationgoal', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='reintegrationplan', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='screening', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='story', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='traffickingevent', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='traffickingexperience', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
        migrations.AddField(model_name='victim', name='record_key', field=models.UUIDField(editable=False, null=True, verbose_name='record key')),
    ]
