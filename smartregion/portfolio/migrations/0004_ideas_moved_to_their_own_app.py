"""Ideas leave the portfolio app for their own (``ideas``); the tables stay where they are."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0001_initial'),
        ('portfolio', '0003_search_indexes'),
    ]

    # The ideas moved to the ideas app with their tables (portfolio_idea, ...): only Django's view of
    # the models changes, the database keeps every row.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveField(
            model_name='ideasupport',
            name='idea',
        ),
        migrations.RemoveField(
            model_name='ideacomment',
            name='idea',
        ),
        migrations.RemoveField(
            model_name='ideacomment',
            name='author',
        ),
        migrations.RemoveField(
            model_name='ideasupport',
            name='user',
        ),
        migrations.AlterField(
            model_name='project',
            name='source_ideas',
            field=models.ManyToManyField(blank=True, related_name='projects', to='ideas.idea', verbose_name='Aus Ideen'),
        ),
        migrations.DeleteModel(
            name='Idea',
        ),
        migrations.DeleteModel(
            name='IdeaComment',
        ),
        migrations.DeleteModel(
            name='IdeaSupport',
        ),
    ],
            database_operations=[],
        ),
    ]
