"""Fill the units' Vietnamese sort keys, and the people's anew: the key now orders numbers
by value ("Chi đoàn 2" before "Chi đoàn 10") and puts them before letters."""

from django.db import migrations

from tinhdoan.lib import vntext


def fill(apps, schema_editor):
    Unit = apps.get_model("org", "Unit")
    units = list(Unit.objects.only("pk", "name"))
    for unit in units:
        unit.sort_key = vntext.text_sort_key(unit.name)
    Unit.objects.bulk_update(units, ["sort_key"], batch_size=1000)
    Person = apps.get_model("org", "Person")
    people = list(Person.objects.only("pk", "full_name"))
    for person in people:
        person.sort_key = vntext.name_sort_key(person.full_name)
    Person.objects.bulk_update(people, ["sort_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("org", "0003_unit_sort_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
