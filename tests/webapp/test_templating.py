"""The templates' translations: Dutch texts through Flask-Babel, looked up once per locale and text."""
from webapp import templating


def test_template_texts_are_looked_up_once_per_locale(app, monkeypatch):
    template = app.jinja_env.from_string('{{ _("Opslaan en doorgaan") }} {{ _("Stap %(n)d van %(total)d", n=2, total=7) }}')
    with app.test_request_context():
        assert template.render() == "Opslaan en doorgaan Stap 2 van 7"
        lookups = []
        original = templating.get_translations
        monkeypatch.setattr(templating, "get_translations", lambda: lookups.append(1) or original())
        assert template.render() == "Opslaan en doorgaan Stap 2 van 7"
        assert lookups == []
        monkeypatch.setattr(templating, "get_locale", lambda: "en")  # another locale has entries of its own
        template.render()
        assert len(lookups) == 2
