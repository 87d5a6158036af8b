"""One module per doctor check (see ``gover.doctor.runner``)."""
