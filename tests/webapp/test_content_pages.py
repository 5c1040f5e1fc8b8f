"""The published content: every bouwsteen and randvoorwaarde, readable without an account."""
import pytest

from building_blocks import get_content

CONTENT = get_content()


def test_overview_lists_all_nine_sections_in_order(client_request):
    page = client_request.get_page("/bouwstenen/")
    links = [a.get_text(" ", strip=True) for a in page.select(".section-list__link")]
    assert len(links) == 9
    assert links[0].startswith("Bouwsteen 1") and links[-1].startswith("Randvoorwaarde 3")
    for title in ["Opstellen regioplan", "Automatisering en informatisering", "Gemandateerde samenwerkingsafspraken",
                  "Arbeidsmarktproblematiek", "Ontzorging en facilitering van bedrijfsvoering",
                  "Zorgaanbod en kwaliteitsbeleid", "Governance- en besluitvormingsstructuur",
                  "Betrekken van alle werkzame huisartsen", "Adequate financiering"]:
        assert any(title.lower() in link.lower() for link in links), title


@pytest.mark.parametrize("section", CONTENT.sections, ids=lambda s: s.id)
def test_section_page_shows_everything_of_the_section(client_request, section):
    page = client_request.get_page(f"/bouwstenen/{section.slug}")
    for question in section.questions:
        assert page.find(id=question.id), question.id
    for item in section.checklist:
        assert " ".join(item.statement.split()) in page.text
    for level in section.levels:
        assert level.name in page.text
    for practice in section.good_practices:
        assert practice.title in page.text
    for key in section.sources:
        assert page.find(id=f"bron-{key}"), key
        assert CONTENT.sources[key].title in page.text


def test_conditional_questions_explain_when_they_appear(client_request):
    section = next(s for s in CONTENT.sections if any(q.show_if for q in s.questions))
    assert "Alleen als bij" in client_request.get_page(f"/bouwstenen/{section.slug}").text


def test_glossary_contains_the_terms_users_confuse(client_request):
    text = client_request.get_page("/bouwstenen/begrippen").text
    for term in ["Regiobeeld", "Regioplan", "Zorgaanbodplan", "Mandaat", "HIDHA", "Hagro", "IZA", "Zorgkantoorregio"]:
        assert term.lower() in text.lower(), term


def test_unknown_section_is_404(client_request):
    client_request.get_page("/bouwstenen/onbekend", status=404)
