"""The published content: every bouwsteen and randvoorwaarde, readable without an account."""
import pytest

from building_blocks import get_content
from tests.conftest import page, text_of

CONTENT = get_content()


def test_overview_lists_all_nine_sections_in_order(client):
    response = client.get("/bouwstenen/")
    assert response.status_code == 200
    links = [a.get_text(" ", strip=True) for a in page(response).select(".section-list__link")]
    assert len(links) == 9
    assert links[0].startswith("Bouwsteen 1") and links[-1].startswith("Randvoorwaarde 3")
    for title in ["Opstellen regioplan", "Automatisering en informatisering", "Gemandateerde samenwerkingsafspraken",
                  "Arbeidsmarktproblematiek", "Ontzorging en facilitering van bedrijfsvoering",
                  "Zorgaanbod en kwaliteitsbeleid", "Governance- en besluitvormingsstructuur",
                  "Betrekken van alle werkzame huisartsen", "Adequate financiering"]:
        assert any(title.lower() in link.lower() for link in links), title


@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.id)
def test_section_page_shows_everything_of_the_section(client, section):
    response = client.get(f"/bouwstenen/{section.slug}")
    assert response.status_code == 200
    text = text_of(response)
    html = page(response)
    for question in section.questions:
        assert html.find(id=question.id), question.id
    for item in section.checklist:
        assert " ".join(item.statement.split()) in text
    for level in section.levels:
        assert level.name in text
    for practice in section.good_practices:
        assert practice.title in text
    for key in section.sources:
        assert html.find(id=f"bron-{key}"), key
        assert CONTENT.sources[key].title in text


def test_conditional_questions_explain_when_they_appear(client):
    section = next(s for s in CONTENT.sections if any(q.show_if for q in s.questions))
    assert "Alleen als bij" in text_of(client.get(f"/bouwstenen/{section.slug}"))


def test_glossary_contains_the_terms_users_confuse(client):
    text = text_of(client.get("/bouwstenen/begrippen"))
    for term in ["Regiobeeld", "Regioplan", "Zorgaanbodplan", "Mandaat", "HIDHA", "Hagro", "IZA", "Zorgkantoorregio"]:
        assert term.lower() in text.lower(), term


def test_unknown_section_is_404(client):
    assert client.get("/bouwstenen/onbekend").status_code == 404
