"""The trainers' and trainees' screens: the work recorder of the protocol form, the
query to the commission, the trainer's score, the keyboard practice."""
