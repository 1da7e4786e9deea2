"""Training sessions for trainers: protocols on paper with planted errors, their answer
key, and the score of each trainee's work. Pure Python: no Qt, no SQL, no PDF
(`plan` deals the papers, `score` marks the work the services recorded)."""
