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
        /// The heading over the organiser's forms for one invitation:
        /// `{meeting}`, `{when}`.
        change_legend,
        change_intro,
        move_heading,
        move_message,
        move_message_hint,
        move_send,
        cancel_heading,
        cancel_reason,
        cancel_reason_hint,
        cancel_send,
        /// An invitation moved to another: `{when}`, the new time.
        status_moved,
        /// An invitation cancelled: `{date}`, `{reason}`.
        status_cancelled,
        /// An invitation that moved an earlier one: `{when}`, the earlier time.
        status_moved_from,
        saved_moved,
        saved_cancelled,
        doc_meeting_cancelled,
        /// A notification: a meeting the reader was invited to was moved or
        /// cancelled (no name, no health: it may go by e-mail).
        topic_meeting_changed,
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
    change_legend: "Flytte eller avlyse {meeting}, {when}",
    change_intro: "De inviterte får beskjed. Flytter du møtet, blir de spurt på nytt om de kan komme.",
    move_heading: "Flytt møtet",
    move_message: "Melding om flyttingen",
    move_message_hint: "Valgfritt. De inviterte leser dette.",
    move_send: "Flytt møtet",
    cancel_heading: "Avlys møtet",
    cancel_reason: "Hvorfor avlyses møtet?",
    cancel_reason_hint: "De inviterte leser dette. Ikke skriv noe om helse.",
    cancel_send: "Avlys møtet",
    status_moved: "Møtet er flyttet til {when}. Svarene som var gitt, gjelder ikke lenger.",
    status_cancelled: "Møtet ble avlyst {date}: {reason}",
    status_moved_from: "Flyttet fra {when}. Alle blir spurt på nytt.",
    saved_moved: "Møtet er flyttet. De inviterte har fått beskjed og blir spurt på nytt.",
    saved_cancelled: "Møtet er avlyst. De inviterte har fått beskjed.",
    doc_meeting_cancelled: "Avlysning av dialogmøte",
    topic_meeting_changed: "Et dialogmøte du er innkalt til, er flyttet eller avlyst",
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
    change_legend: "Move or cancel {meeting}, {when}",
    change_intro: "Those invited are told. If you move the meeting, they are asked again whether they can come.",
    move_heading: "Move the meeting",
    move_message: "Message about the move",
    move_message_hint: "Optional. Those invited will read this.",
    move_send: "Move the meeting",
    cancel_heading: "Cancel the meeting",
    cancel_reason: "Why is the meeting cancelled?",
    cancel_reason_hint: "Those invited will read this. Write nothing about health.",
    cancel_send: "Cancel the meeting",
    status_moved: "The meeting has been moved to {when}. The answers given no longer count.",
    status_cancelled: "The meeting was cancelled on {date}: {reason}",
    status_moved_from: "Moved from {when}. Everyone is asked again.",
    saved_moved: "The meeting has been moved. Those invited have been told and are asked again.",
    saved_cancelled: "The meeting has been cancelled. Those invited have been told.",
    doc_meeting_cancelled: "Cancellation of a dialogue meeting",
    topic_meeting_changed: "A dialogue meeting you are invited to has been moved or cancelled",
};
