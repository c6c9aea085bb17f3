from django.urls import reverse

from assistance.models import Contact


def test_my_cases_menu_follows_the_contact_not_the_role(client_for, nobody, cadre_a, regions):
    Contact.objects.create(name="帮扶干部", user=nobody, region=regions["village_a"])
    assert "我的帮扶对象" in client_for(nobody).get(reverse("home")).content.decode()
    assert "我的帮扶对象" not in client_for(cadre_a).get(reverse("home")).content.decode()
