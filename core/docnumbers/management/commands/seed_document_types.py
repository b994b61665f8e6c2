from django.core.management.base import BaseCommand

from core.docnumbers.defaults import DEFAULT_TYPES, seed_document_types


class Command(BaseCommand):
    help = "Create the document types the workflows issue (决定, 批复, 撤销决定) where missing; never edits existing ones."

    def handle(self, *args, **options):
        created = seed_document_types()
        self.stdout.write(f"Document types: {len(created)} created ({', '.join(created) or 'none'}), "
                          f"{len(DEFAULT_TYPES) - len(created)} already there.")
