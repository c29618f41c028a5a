//! What changed between plan versions, who reads what the worker writes,
//! and moving or cancelling a meeting.

section! {
    /// Texts of the plan's changes, the readers of a comment, and moved or
    /// cancelled meetings.
    pub struct MeetingsTexts {
        /// The summary of a version's changes: `{number}`, the version before.
        diff_summary,
        /// How the changes are marked, in words (not by colour alone).
        diff_legend,
        /// Said to a screen reader before added text.
        diff_added,
        /// Said to a screen reader before removed text.
        diff_removed,
        diff_status,
        /// Who reads what the worker writes: `{who}`, the parties named.
        readers,
        /// Nobody but the worker and those they let see it.
        readers_none,
        reader_manager,
        reader_gp,
        reader_nav,
        reader_and,
    }
}

pub const NB: MeetingsTexts = MeetingsTexts {
    diff_summary: "Hva er endret fra versjon {number}",
    diff_legend: "Tekst som er lagt til, er understreket. Tekst som er tatt bort, er gjennomstreket.",
    diff_added: "Lagt til:",
    diff_removed: "Tatt bort:",
    diff_status: "Prøvd eller avtalt",
    readers: "{who} leser dette.",
    readers_none: "Bare du ser dette.",
    reader_manager: "lederen din",
    reader_gp: "fastlegen din",
    reader_nav: "NAV-veilederen din",
    reader_and: "og",
};

pub const EN: MeetingsTexts = MeetingsTexts {
    diff_summary: "What changed since version {number}",
    diff_legend: "Text that was added is underlined. Text that was removed is struck through.",
    diff_added: "Added:",
    diff_removed: "Removed:",
    diff_status: "Tried or agreed",
    readers: "{who} will read this.",
    readers_none: "Only you can see this.",
    reader_manager: "your manager",
    reader_gp: "your GP",
    reader_nav: "your NAV adviser",
    reader_and: "and",
};
