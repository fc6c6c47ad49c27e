"""The ideas, until now part of the portfolio app, in their own app with the same tables."""

import django.db.models.deletion
import smartregion.ideas.models
from django.conf import settings
from django.db import migrations, models


MODELS = ("idea", "ideasupport", "ideacomment")


def _move(apps, old: str, new: str) -> None:
    """Content types and audit entries name the models by app; they follow the models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        AuditEvent.objects.filter(object_type=f"{old}.{model}").update(object_type=f"{new}.{model}")


def _rename_references(apps, schema_editor):
    _move(apps, "portfolio", "ideas")


def _restore_references(apps, schema_editor):
    _move(apps, "ideas", "portfolio")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('regions', '0003_region_switched_off_modules'),
        ('strategy', '0002_municipal_goal_keeps_removed_field'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("portfolio", "0003_search_indexes"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # The models existed in the portfolio app; their tables (kept by ``db_table``) and rows stay.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='Idea',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='Titel')),
                ('description', models.TextField(max_length=5000, verbose_name='Beschreibung')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='Ort')),
                ('image', models.ImageField(blank=True, upload_to='ideen/%Y/', verbose_name='Bild')),
                ('image_alt', models.CharField(blank=True, max_length=250, verbose_name='Bildbeschreibung')),
                ('author_name', models.CharField(blank=True, max_length=200, verbose_name='Name')),
                ('author_email', models.EmailField(blank=True, max_length=254, verbose_name='E-Mail-Adresse')),
                ('confirmation_token', models.CharField(default=smartregion.ideas.models.new_token, max_length=64, unique=True)),
                ('status', models.CharField(choices=[('unconfirmed', 'E-Mail-Adresse noch nicht bestätigt'), ('submitted', 'wartet auf Freigabe'), ('published', 'veröffentlicht'), ('rejected', 'abgelehnt'), ('merged', 'mit einer anderen Idee zusammengeführt')], default='submitted', max_length=12, verbose_name='Stand')),
                ('rejection_reason', models.TextField(blank=True, verbose_name='Begründung der Ablehnung')),
                ('support_count', models.PositiveIntegerField(default=0, verbose_name='Unterstützungen')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to=settings.AUTH_USER_MODEL)),
                ('field', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to='strategy.fieldofaction', verbose_name='Handlungsfeld')),
                ('merged_into', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merged_ideas', to='ideas.idea')),
                ('municipality', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ideas', to='regions.municipality', verbose_name='Kommune')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ideas', to='regions.region')),
            ],
            options={
                'verbose_name': 'Idee',
                'verbose_name_plural': 'Ideen',
                'db_table': 'portfolio_idea',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='IdeaComment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('author_name', models.CharField(blank=True, max_length=200, verbose_name='Name')),
                ('text', models.TextField(max_length=2000, verbose_name='Kommentar')),
                ('status', models.CharField(choices=[('pending', 'wartet auf Freigabe'), ('published', 'veröffentlicht'), ('hidden', 'ausgeblendet')], default='pending', max_length=10)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='ideas.idea')),
            ],
            options={
                'verbose_name': 'Kommentar',
                'verbose_name_plural': 'Kommentare',
                'db_table': 'portfolio_ideacomment',
                'ordering': ['created_at'],
            },
        ),
        migrations.CreateModel(
            name='IdeaSupport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('confirmation_token', models.CharField(default=smartregion.ideas.models.new_token, max_length=64, unique=True)),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supports', to='ideas.idea')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'portfolio_ideasupport',
            },
        ),
        migrations.AddIndex(
            model_name='idea',
            index=models.Index(fields=['region', 'status', '-created_at'], name='portfolio_i_region__ff46a3_idx'),
        ),
        migrations.AddConstraint(
            model_name='ideasupport',
            constraint=models.UniqueConstraint(condition=models.Q(('user__isnull', False)), fields=('idea', 'user'), name='one_support_per_account'),
        ),
        migrations.AddConstraint(
            model_name='ideasupport',
            constraint=models.UniqueConstraint(condition=models.Q(('email', ''), _negated=True), fields=('idea', 'email'), name='one_support_per_email'),
        ),
        migrations.AddConstraint(
            model_name='ideasupport',
            constraint=models.CheckConstraint(condition=models.Q(('user__isnull', False), models.Q(('email', ''), _negated=True), _connector='OR'), name='support_has_person'),
        ),
    ],
            database_operations=[],
        ),
        migrations.RunPython(_rename_references, _restore_references),
    ]
