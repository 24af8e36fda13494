"""The free text of case sections that was stored in clear becomes encrypted: referral source details,
the city of a trafficking event, a story's title and review comment, the reason a referral was declined
and a service's unit, in the tables and their history. 0006 encrypts the values already stored."""

from django.db import migrations

import privacy.fields


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_record_keys_required")]

    operations = [
        migrations.AlterField(model_name='assistanceservice', name='unit', field=privacy.fields.EncryptedTextField(blank=True, help_text='e.g. nights, sessions', max_length=32, null=True, verbose_name='unit')),
        migrations.AlterField(model_name='historicalassistanceservice', name='unit', field=privacy.fields.EncryptedTextField(blank=True, help_text='e.g. nights, sessions', max_length=32, null=True, verbose_name='unit')),
        migrations.AlterField(model_name='historicalreferral', name='decline_reason', field=privacy.fields.EncryptedTextField(blank=True, long=True, null=True, verbose_name='reason for declining')),
        migrations.AlterField(model_name='historicalscreening', name='referral_source_details', field=privacy.fields.EncryptedTextField(blank=True, max_length=200, null=True, verbose_name='referral source details')),
        migrations.AlterField(model_name='historicalstory', name='review_comment', field=privacy.fields.EncryptedTextField(blank=True, long=True, null=True, verbose_name='review comment')),
        migrations.AlterField(model_name='historicalstory', name='title', field=privacy.fields.EncryptedTextField(max_length=200, null=True, verbose_name='title')),
        migrations.AlterField(model_name='historicaltraffickingevent', name='city', field=privacy.fields.EncryptedTextField(blank=True, max_length=100, null=True, verbose_name='city or district')),
        migrations.AlterField(model_name='referral', name='decline_reason', field=privacy.fields.EncryptedTextField(blank=True, long=True, null=True, verbose_name='reason for declining')),
        migrations.AlterField(model_name='screening', name='referral_source_details', field=privacy.fields.EncryptedTextField(blank=True, max_length=200, null=True, verbose_name='referral source details')),
        migrations.AlterField(model_name='story', name='review_comment', field=privacy.fields.EncryptedTextField(blank=True, long=True, null=True, verbose_name='review comment')),
        migrations.AlterField(model_name='story', name='title', field=privacy.fields.EncryptedTextField(max_length=200, null=True, verbose_name='title')),
        migrations.AlterField(model_name='traffickingevent', name='city', field=privacy.fields.EncryptedTextField(blank=True, max_length=100, null=True, verbose_name='city or district')),
    ]
