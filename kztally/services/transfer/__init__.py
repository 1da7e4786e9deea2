"""Moving data (`kztally.services.transfer`): a database's election and protocols out to
files, and files back in.

`export(DIR)` writes

- `DIR/election.json`: the election definition (`kztally.election`);
- `DIR/protocols/<precinct>_<contest>.json`: one record (`kztally.protocol`, kind
  `record`) per protocol that has any history: state, round, breach, both entries, the
  agreed figures, the decisions and every revision;
- `DIR/results/<contest>.csv`: every precinct of the contest with its state and, for
  accepted protocols, the agreed figures (UTF-8 with a byte order mark, so spreadsheet
  programs show Kazakh letters); each row ends with `results` (official or unofficial)
  and `audit head` (the chain's `COUNT:` and 16 hex digits, read in the export's
  snapshot), so a printed or forwarded table pins the database it came from;
- `DIR/observers/<precinct>_<contest>_<n>.json`: observers' certified copies, single
  entries of kind `observer`, numbered per protocol in the order they were made (for
  administrators, supervisors and trainers; an import keeps them as the observer's);
- `DIR/audit/`: the audit log as of the export, its head, and what each revision's hash
  covers beyond its record (`chain`; docs/formats.md, "The export folder").

The export is written into a hidden folder beside `DIR` and renamed to `DIR` when it is
complete (replacing an earlier export there), so a folder by that name always holds a
whole export: a full disk or a kill leaves only the hidden, partial folder. One read
transaction (a snapshot) covers the whole export. Anyone signed in may export what they
may read: administrators, supervisors and trainers every protocol; clerks and observers
only accepted ones (a clerk never sees a first entry before making the second, and
observers see official figures once they are accepted).

`import_paths(FILE|DIR...)` reads definitions and protocol files. Each export folder's
audit chain is checked first against the records taken from it (`chain.verify_folder`):
nothing of a folder that fails is read, and a record with no chain is refused.

- a definition: loaded into an empty database; the stored one again: unchanged; another
  election: refused, and nothing else of the import is read;
- a record: joins a protocol that was never touched (not entered, round 1, no history).
  Its history is a list of claims, replayed one by one through the double-entry state
  machine with the checks computed here and the rule set's roles (`replay`): entries as
  the clerks the file names, decisions under the role of the person running the import.
  The first claim refused stops it: the lawful steps before it are kept and the file is
  reported with the place. A record that contradicts itself is refused whole;
- a single entry (first, second, qr): entered through the double-entry state machine as
  a clerk's entry would be (`EntryService.record_many`, as the clerk the file names); an
  observer's copy is kept as that observer's (`ObserverService.take_in`), beside the
  official entries and apart from them;
- identical content already stored is unchanged; a protocol that holds something else is
  a conflict: reported, and left as it is.

Every revision an import writes names, besides the author the file names, who ran the
import and the file with its SHA-256. A file that cannot be read, or names an unknown
precinct or contest, is an error naming the file and the place; nothing of it is
written. Paths that hold no protocol file and no definition are refused. Records are
written in transactions of whole protocols (`batch_size` each), so an import stopped at
any moment, even killed, leaves every protocol either untouched or whole, and running it
again completes it.
"""

from __future__ import annotations

from kztally.services.transfer.export import EXPORT_ROLES, FULL_EXPORT_ROLES, record_of
from kztally.services.transfer.files import (
    DEFINITION_FILE,
    OBSERVERS_DIR,
    PROTOCOLS_DIR,
    RESULTS_DIR,
    document_text,
    protocol_file_name,
    read_protocol,
    results_file_name,
)
from kztally.services.transfer.replay import SYSTEM, HistoryError, Replayed, replay
from kztally.services.transfer.reports import ExportReport, ImportReport, Problem
from kztally.services.transfer.service import BATCH_SIZE, IMPORT_ROLES, TransferService

__all__ = [
    "BATCH_SIZE",
    "DEFINITION_FILE",
    "EXPORT_ROLES",
    "FULL_EXPORT_ROLES",
    "IMPORT_ROLES",
    "OBSERVERS_DIR",
    "PROTOCOLS_DIR",
    "RESULTS_DIR",
    "SYSTEM",
    "ExportReport",
    "HistoryError",
    "ImportReport",
    "Problem",
    "Replayed",
    "TransferService",
    "document_text",
    "protocol_file_name",
    "read_protocol",
    "record_of",
    "replay",
    "results_file_name",
]
