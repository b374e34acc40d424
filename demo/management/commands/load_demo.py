from django.core.management.base import BaseCommand

from demo.loader import DEMO_USERS, DemoLoader, demo_password


class Command(BaseCommand):
    help = "Load the demo collection (safe to run again: existing pages and users are kept)."

    def handle(self, *args, **options):
        created = DemoLoader(log=self.stdout.write).run()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo collection ready: {records} records, {collections} collections, {images} images, "
                "{users} users, {areas} map areas created (existing ones kept).".format(**created)
            )
        )
        names = ", ".join(username for username, _group, _name in DEMO_USERS)
        self.stdout.write(f"Demo accounts ({names}) share the password: {demo_password()}")
        self.stdout.write("Admin: http://127.0.0.1:8000/admin/  user: admin  password: " + demo_password())
