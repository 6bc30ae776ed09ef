"""Creative teams: kept by managers, with their history; creatives are reached by e-mail."""

from agency.edits import version_of
from briefs.models import CreativeTeam


def test_a_manager_edits_a_team_and_its_history_shows_who_changed_what(client, world, brief):
    team = brief.creative_team
    client.force_login(world.manager)
    response = client.post(
        f"/creative-teams/{team.pk}/",
        {"name": "Team Nord", "email": "nord@creative.example", "is_active": "on",
         "members": "Jana Vogel <jana@creative.example>\nOle Brandt <ole@creative.example>",
         "version": version_of(team)},
    )  # fmt: skip
    assert response.status_code == 302
    assert "ole@creative.example" in CreativeTeam.objects.get(pk=team.pk).members
    page = client.get(f"/creative-teams/{team.pk}/").content.decode()
    assert 'data-testid="history"' in page
    assert str(world.manager) in page


def test_a_member_line_without_an_address_is_refused_and_kept(client, world):
    client.force_login(world.manager)
    response = client.post(
        "/creative-teams/new/",
        {"name": "Team Süd", "email": "sued@creative.example", "members": "Ada Lang, no address"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 1 has no e-mail address" in page
    assert "Ada Lang, no address" in page
    assert not CreativeTeam.objects.filter(name="Team Süd").exists()
