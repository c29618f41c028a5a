use crate::casework::CaseworkDocument;
use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::casework::{MeetingRequest, Plan, PlanResponse};
use crate::document::Diagnosis;
use crate::document::DiagnosisSystem;
use crate::followup::{DateRange, Grade, SickLeave};

const EMPLOYER_A: &str = "910000004";
const EMPLOYER_B: &str = "974760673";

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(day))
}

fn person() -> Fnr {
    Fnr::parse("15438510092").unwrap()
}

fn principal(role: Role) -> Principal {
    Principal {
        user_id: 7,
        username: "someone".to_owned(),
        role,
        unit: Some(UnitCode::parse("0301").unwrap()),
        employer: (role == Role::Manager).then(|| Orgnr::parse(EMPLOYER_A).unwrap()),
        person: (role == Role::Worker).then(person),
        gp_id: (role == Role::Gp).then(|| "Dr. Berg".to_owned()),
        protected_address_access: false,
    }
}

fn document(id: &str, body: DocumentBody) -> Document {
    Document {
        person: person(),
        id: id.to_owned(),
        unit: None,
        body,
        diagnosis: None,
        gp: None,
    }
}

fn certificate(id: &str, employer: &str) -> Document {
    Document {
        unit: Some(UnitCode::parse("0301").unwrap()),
        diagnosis: Some(Diagnosis {
            system: DiagnosisSystem::Icpc2,
            code: "L03".to_owned(),
        }),
        gp: Some("Dr. Berg".to_owned()),
        ..document(
            id,
            DocumentBody::Followup(Event::SickLeave(SickLeave {
                id: id.to_owned(),
                period: DateRange::new(date(0), date(20)).unwrap(),
                grade: Grade::new(100).unwrap(),
                employer: Some(employer.to_owned()),
                corrects: None,
            })),
        )
    }
}

fn exemption(outcome: ActivityOutcome) -> Document {
    document(
        "a1",
        DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
            date: date(56),
            outcome,
            reason: "medical grounds".to_owned(),
        }),
    )
}

fn view(role: Role, share: Option<Share>) -> PersonView {
    person_view(&principal(role), share).unwrap()
}

fn shown_ids(view: &PersonView, documents: &[Document]) -> Vec<String> {
    let references: Vec<&Document> = documents.iter().collect();
    documents
        .iter()
        .zip(view.shown(&references))
        .filter(|(_, shown)| *shown)
        .map(|(document, _)| document.id.clone())
        .collect()
}

#[test]
fn a_manager_sees_only_their_employer_s_certificates_and_their_cancellations() {
    let documents = vec![
        certificate("s1", EMPLOYER_A),
        certificate("s2", EMPLOYER_B),
        document(
            "s2",
            DocumentBody::Followup(Event::Cancelled {
                id: "s2".to_owned(),
            }),
        ),
        document(
            "s1",
            DocumentBody::Followup(Event::Cancelled {
                id: "s1".to_owned(),
            }),
        ),
        document(
            "v1",
            DocumentBody::Followup(Event::Vacation(DateRange::new(date(3), date(4)).unwrap())),
        ),
        exemption(ActivityOutcome::ExemptMedical),
    ];
    let manager = view(Role::Manager, None);
    assert_eq!(shown_ids(&manager, &documents), ["s1", "s1"]);
    assert_eq!(
        manager.document_filter().certificates_of,
        Some(Orgnr::parse(EMPLOYER_A).unwrap())
    );
    let caseworker = view(Role::Caseworker, None);
    assert_eq!(shown_ids(&caseworker, &documents).len(), documents.len());
}

#[test]
fn a_medical_exemption_reaches_nav_the_gp_and_the_person_only() {
    let documents = vec![
        exemption(ActivityOutcome::ExemptMedical),
        exemption(ActivityOutcome::ExemptWorkplace),
    ];
    for role in [Role::Caseworker, Role::Gp, Role::Worker] {
        assert_eq!(
            shown_ids(&view(role, None), &documents).len(),
            2,
            "{role:?}"
        );
    }
    assert_eq!(shown_ids(&view(Role::Manager, None), &documents).len(), 1);
    let all = Share::of(Category::ALL);
    assert_eq!(
        shown_ids(&view(Role::Counsellor, Some(all)), &documents).len(),
        1
    );
}

#[test]
fn redaction_takes_the_diagnosis_from_all_but_nav_the_gp_and_the_person() {
    for role in Role::ALL {
        let Some(view) = person_view(&principal(role), Some(Share::of(Category::ALL))) else {
            continue;
        };
        let mut document = certificate("s1", EMPLOYER_A);
        view.redact(&mut document);
        let health = matches!(role, Role::Caseworker | Role::Gp | Role::Worker);
        assert_eq!(document.diagnosis.is_some(), health, "{role:?}");
    }
}

#[test]
fn a_counsellor_sees_only_the_categories_shared_and_nothing_without_consent() {
    let counsellor = principal(Role::Counsellor);
    assert_eq!(person_view(&counsellor, None), None);
    let followup_only = view(Role::Counsellor, Some(Share::of([Category::Followup])));
    assert!(followup_only.followup.is_some());
    assert!(followup_only.document_filter().kinds.is_empty());
    let casework = view(Role::JobSpecialist, Some(Share::of([Category::Casework])));
    assert!(casework.followup.is_none());
    assert!(casework.shows_kind(DocumentKind::PlanVersion));
    assert!(!casework.shows_kind(DocumentKind::SickLeave));
    assert!(!casework.shows_kind(DocumentKind::CaseNote));
    assert!(!casework.unshared_plans);
}

#[test]
fn the_follow_up_names_only_the_employers_a_viewer_may_see() {
    let followup = Followup {
        cases: vec![crate::followup::FollowupCase {
            start: date(0),
            end: date(20),
            sick_days: 21,
            graded_at_end: false,
            last_certificate: None,
            employers: vec![EMPLOYER_A.to_owned(), EMPLOYER_B.to_owned()],
            milestones: crate::followup::Milestones::new(),
        }],
    };
    let employers = |view: &PersonView| {
        view.followup(followup.clone())
            .map(|followup| followup.cases[0].employers.clone())
    };
    assert_eq!(
        employers(&view(Role::Manager, None)),
        Some(vec![EMPLOYER_A.to_owned()])
    );
    assert_eq!(
        employers(&view(Role::Caseworker, None)),
        Some(vec![EMPLOYER_A.to_owned(), EMPLOYER_B.to_owned()])
    );
    assert_eq!(
        employers(&view(
            Role::Counsellor,
            Some(Share::of([Category::Followup]))
        )),
        Some(vec![])
    );
    assert_eq!(employers(&view(Role::Counsellor, Some(Share::NONE))), None);
}

#[test]
fn a_gp_without_a_certifier_id_sees_nobody() {
    let mut gp = principal(Role::Gp);
    gp.gp_id = None;
    assert_eq!(person_scope(&gp), PersonScope::Nobody);
    gp.gp_id = Some(String::new());
    assert_eq!(person_scope(&gp), PersonScope::Nobody);
}

#[test]
fn only_a_system_client_names_a_unit() {
    let mut plan = document(
        "p1",
        DocumentBody::Casework(CaseworkDocument::PlanVersion {
            date: date(20),
            plan: Box::new(Plan::default()),
        }),
    );
    assert_eq!(may_send(&principal(Role::Manager), &plan), Ok(()));
    plan.unit = Some(UnitCode::parse("4601").unwrap());
    for role in Role::ALL {
        let expected = if role == Role::System {
            Ok(())
        } else {
            Err(SendRefusal::UnitNotAllowed)
        };
        assert_eq!(may_send(&principal(role), &plan), expected, "{role:?}");
    }
}

#[test]
fn each_party_sends_only_its_own_case_work_and_the_forms_agree() {
    let request = |by| {
        document(
            "q1",
            DocumentBody::Casework(CaseworkDocument::MeetingRequest(MeetingRequest {
                meeting: MeetingNumber::Three,
                date: date(100),
                by,
                reason: "r".to_owned(),
            })),
        )
    };
    let held = |meeting| {
        document(
            "h1",
            DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                meeting,
                date: date(100),
            }),
        )
    };
    let plan = document(
        "p1",
        DocumentBody::Casework(CaseworkDocument::PlanVersion {
            date: date(20),
            plan: Box::new(Plan::default()),
        }),
    );
    let answer = document(
        "r1",
        DocumentBody::Casework(CaseworkDocument::PlanResponse(PlanResponse {
            plan: "p1".to_owned(),
            date: date(21),
            approved: true,
            comment: String::new(),
        })),
    );
    let note = document(
        "n1",
        DocumentBody::Casework(CaseworkDocument::CaseNote {
            date: date(30),
            text: "t".to_owned(),
        }),
    );
    let sends = |role, document: &Document| may_send(&principal(role), document).is_ok();
    assert!(sends(Role::Manager, &plan));
    assert!(!sends(Role::Worker, &plan));
    assert!(!sends(Role::Caseworker, &plan));
    assert!(sends(Role::Manager, &held(MeetingNumber::One)));
    assert!(!sends(Role::Manager, &held(MeetingNumber::Two)));
    assert!(sends(Role::Caseworker, &held(MeetingNumber::Two)));
    assert!(!sends(Role::Caseworker, &held(MeetingNumber::One)));
    assert!(sends(Role::Gp, &request(Participant::Gp)));
    assert!(!sends(Role::Gp, &request(Participant::Worker)));
    assert!(sends(Role::Worker, &request(Participant::Worker)));
    assert!(!sends(Role::Caseworker, &request(Participant::Nav)));
    assert!(!sends(Role::Counsellor, &request(Participant::Worker)));
    assert!(sends(Role::System, &request(Participant::Nav)));
    assert!(!sends(Role::Manager, &certificate("s1", EMPLOYER_A)));
    for role in Role::ALL {
        if role == Role::System {
            continue;
        }
        let offered = forms(&principal(role));
        assert_eq!(offered.write_plan, sends(role, &plan), "{role:?}");
        assert_eq!(offered.answer_plan, sends(role, &answer), "{role:?}");
        assert_eq!(offered.case_note, sends(role, &note), "{role:?}");
        let own_request = participant_of(role).map(request);
        assert_eq!(
            offered.request_meeting,
            own_request.is_some_and(|request| sends(role, &request)),
            "{role:?}"
        );
    }
}

#[test]
fn plan_versions_reach_nav_and_the_gp_once_shared() {
    let version = |id: &str| {
        document(
            id,
            DocumentBody::Casework(CaseworkDocument::PlanVersion {
                date: date(20),
                plan: Box::new(Plan::default()),
            }),
        )
    };
    let documents = vec![
        version("p1"),
        document(
            "x1",
            DocumentBody::Casework(CaseworkDocument::PlanShared { date: date(22) }),
        ),
        version("p2"),
    ];
    assert_eq!(
        shown_ids(&view(Role::Caseworker, None), &documents),
        ["p1", "x1"]
    );
    assert_eq!(shown_ids(&view(Role::Gp, None), &documents), ["p1", "x1"]);
    assert_eq!(shown_ids(&view(Role::Manager, None), &documents).len(), 3);
    assert_eq!(shown_ids(&view(Role::Worker, None), &documents).len(), 3);
}

fn arbitrary_role() -> impl Strategy<Value = Role> {
    proptest::sample::select(Role::ALL.to_vec())
}

fn arbitrary_share() -> impl Strategy<Value = Option<Share>> {
    proptest::option::of(
        proptest::collection::vec(proptest::sample::select(Category::ALL.to_vec()), 0..5)
            .prop_map(Share::of),
    )
}

fn arbitrary_document() -> impl Strategy<Value = Document> {
    let employer = proptest::sample::select(vec![EMPLOYER_A, EMPLOYER_B]);
    prop_oneof![
        (0..4u8, employer.clone())
            .prop_map(|(n, employer)| certificate(&format!("s{n}"), employer)),
        (0..4u8).prop_map(|n| document(
            &format!("s{n}"),
            DocumentBody::Followup(Event::Cancelled {
                id: format!("s{n}")
            })
        )),
        proptest::sample::select(ActivityOutcome::ALL.to_vec()).prop_map(exemption),
        Just(document(
            "n1",
            DocumentBody::Casework(CaseworkDocument::CaseNote {
                date: date(3),
                text: "note".to_owned()
            })
        )),
        Just(document(
            "p1",
            DocumentBody::Casework(CaseworkDocument::PlanVersion {
                date: date(20),
                plan: Box::new(Plan::default())
            })
        )),
        Just(document(
            "x1",
            DocumentBody::Casework(CaseworkDocument::PlanShared { date: date(22) })
        )),
        Just(document(
            "w1",
            DocumentBody::Followup(Event::WorkResumed(date(40)))
        )),
    ]
}

proptest! {
    /// For any principal, consent and documents: a diagnosis or a medical
    /// exemption never reaches a manager, counsellor or job specialist; a
    /// manager never sees another employer's certificate; a consented
    /// reader sees only documents of the categories shared, never NAV's
    /// notes; a reader without consent sees nothing.
    #[test]
    fn no_view_shows_more_than_the_policy_allows(
        role in arbitrary_role(),
        share in arbitrary_share(),
        documents in proptest::collection::vec(arbitrary_document(), 0..12),
    ) {
        let principal = principal(role);
        let Some(view) = person_view(&principal, share) else {
            prop_assert!(matches!(
                role,
                Role::Admin | Role::SeSupervisor | Role::Counsellor | Role::JobSpecialist
            ));
            prop_assert!(share.is_none() || matches!(role, Role::Admin | Role::SeSupervisor));
            return Ok(());
        };
        let references: Vec<&Document> = documents.iter().collect();
        let outsider = matches!(role, Role::Manager | Role::Counsellor | Role::JobSpecialist);
        for (document, shown) in documents.iter().zip(view.shown(&references)) {
            if !shown {
                continue;
            }
            let mut seen = document.clone();
            view.redact(&mut seen);
            if outsider {
                prop_assert!(seen.diagnosis.is_none());
                let medical = matches!(
                    seen.body,
                    DocumentBody::Casework(CaseworkDocument::ActivityAssessed { outcome: ActivityOutcome::ExemptMedical, .. })
                );
                prop_assert!(!medical);
                prop_assert!(seen.kind() != DocumentKind::CaseNote);
            }
            if role == Role::Manager {
                if let DocumentBody::Followup(Event::SickLeave(sick_leave)) = &seen.body {
                    prop_assert_eq!(sick_leave.employer.as_deref(), Some(EMPLOYER_A));
                }
            }
            if matches!(role, Role::Counsellor | Role::JobSpecialist) {
                let share = share.unwrap_or_default();
                prop_assert!(share.contains(category_of(seen.kind())));
                prop_assert!(seen.gp.is_none());
                prop_assert!(seen.unit.is_none());
            }
            prop_assert!(view.document_filter().kinds.contains(&seen.kind()));
        }
    }
}

#[test]
fn statistics_open_to_a_caseworker_only() {
    for role in Role::ALL {
        assert_eq!(
            may_open(&principal(role), PageKind::Statistics),
            role == Role::Caseworker,
            "{role:?}"
        );
    }
}

#[test]
fn only_the_public_statistics_open_without_a_principal_and_to_every_role() {
    for page in [
        PageKind::Queue,
        PageKind::Person,
        PageKind::Plan,
        PageKind::Meetings,
        PageKind::MySickLeave,
        PageKind::MyCasework,
        PageKind::WhoSeesMe,
        PageKind::MyEmployees,
        PageKind::Patients,
        PageKind::MyConsentedPersons,
        PageKind::MyGuidance,
        PageKind::Instruments,
        PageKind::Statistics,
        PageKind::MySessions,
        PageKind::SupportedEmploymentReferral,
        PageKind::MySupportedEmployment,
        PageKind::SupportedEmploymentCaseload,
        PageKind::SupportedEmploymentParticipant,
        PageKind::SupportedEmploymentTeam,
        PageKind::EmployerRegister,
    ] {
        assert!(!needs_no_principal(page), "{page:?}");
    }
    assert!(needs_no_principal(PageKind::PublicStatistics));
    for role in Role::ALL {
        assert!(may_open(&principal(role), PageKind::PublicStatistics));
    }
}

#[test]
fn the_guidance_plan_is_the_person_s_a_counsellor_writes_it_and_a_party_reads_it_only_while_shared()
{
    let fnr = person();
    let worker = guidance_plan_access(&principal(Role::Worker), &fnr, None, &[]);
    assert!(worker.read && worker.write && worker.decide_final && worker.share && worker.report);

    let guidance = Share::of([Category::Guidance]);
    let counsellor_view = view(Role::Counsellor, Some(guidance));
    let counsellor = guidance_plan_access(
        &principal(Role::Counsellor),
        &fnr,
        Some(&counsellor_view),
        &[],
    );
    assert!(counsellor.read && counsellor.write && counsellor.report);
    assert!(!counsellor.decide_final && !counsellor.share);
    let without = view(Role::Counsellor, Some(Share::of([Category::Followup])));
    assert_eq!(
        guidance_plan_access(
            &principal(Role::Counsellor),
            &fnr,
            Some(&without),
            &[(PlanAudience::Manager, SharedDocument::Plan)]
        ),
        GuidancePlanAccess::default()
    );

    let plan = |audience| (audience, SharedDocument::Plan);
    let report = |audience| (audience, SharedDocument::Report);
    for (role, audience) in [
        (Role::Manager, PlanAudience::Manager),
        (Role::Caseworker, PlanAudience::Nav),
        (Role::Gp, PlanAudience::Gp),
    ] {
        let party_view = view(role, None);
        let access = |shared: &[(PlanAudience, SharedDocument)]| {
            guidance_plan_access(&principal(role), &fnr, Some(&party_view), shared)
        };
        assert_eq!(access(&[]), GuidancePlanAccess::default(), "{role:?}");
        let others: Vec<(PlanAudience, SharedDocument)> = PlanAudience::ALL
            .into_iter()
            .filter(|other| *other != audience)
            .flat_map(|other| [plan(other), report(other)])
            .collect();
        assert_eq!(access(&others), GuidancePlanAccess::default(), "{role:?}");
        let shared = access(&[plan(audience)]);
        assert!(
            shared.read && !shared.write && !shared.share && !shared.report,
            "{role:?}"
        );
        // The report goes to NAV and the GP when shared; never to the manager.
        let with_report = access(&[report(audience)]);
        assert_eq!(with_report.report, role != Role::Manager, "{role:?}");
        assert_eq!(with_report.read, role != Role::Manager, "{role:?}");
        assert_eq!(
            may_share_guidance(audience, SharedDocument::Report),
            role != Role::Manager
        );
        assert!(!party_view.guidance);
        // Out of scope (no view): nothing, shared or not.
        let everything: Vec<_> = PlanAudience::ALL
            .into_iter()
            .flat_map(|any| [plan(any), report(any)])
            .collect();
        assert_eq!(
            guidance_plan_access(&principal(role), &fnr, None, &everything),
            GuidancePlanAccess::default()
        );
    }
}

#[test]
fn a_gp_or_manager_sees_only_invitations_they_organise_or_are_invited_to_and_their_answers() {
    use crate::casework::{MeetingAnswer, MeetingAnswerKind, MeetingInvitation, Participant};
    let invitation = |id: &str, meeting: MeetingNumber, participants: Vec<Participant>| {
        document(
            id,
            DocumentBody::Casework(CaseworkDocument::MeetingInvitation(MeetingInvitation {
                meeting,
                at: date(100).and_hms_opt(10, 0, 0).unwrap(),
                place: "NAV".to_owned(),
                video: false,
                participants,
                message: String::new(),
                replaces: None,
            })),
        )
    };
    let answer = |id: &str, invitation: &str| {
        document(
            id,
            DocumentBody::Casework(CaseworkDocument::MeetingAnswer(MeetingAnswer {
                invitation: invitation.to_owned(),
                participant: Participant::Worker,
                answer: MeetingAnswerKind::Accept,
                comment: "Jeg gruer meg litt".to_owned(),
            })),
        )
    };
    let documents = vec![
        invitation("m1", MeetingNumber::One, vec![Participant::Worker]),
        answer("a1", "m1"),
        invitation(
            "m2",
            MeetingNumber::Two,
            vec![Participant::Worker, Participant::Manager],
        ),
        answer("a2", "m2"),
        invitation(
            "m3",
            MeetingNumber::Three,
            vec![Participant::Worker, Participant::Gp],
        ),
        answer("a3", "m3"),
    ];
    // The GP only meeting 3, where they are invited; the manager meeting 1
    // (they organise it) and meeting 2 (invited); NAV and the worker all.
    assert_eq!(shown_ids(&view(Role::Gp, None), &documents), ["m3", "a3"]);
    assert_eq!(
        shown_ids(&view(Role::Manager, None), &documents),
        ["m1", "a1", "m2", "a2"]
    );
    for role in [Role::Caseworker, Role::Worker] {
        assert_eq!(
            shown_ids(&view(role, None), &documents).len(),
            6,
            "{role:?}"
        );
    }
}

mod supported_employment {
    use super::*;
    use crate::supported_employment::ParticipationState;

    const PROVIDER: &str = "974760673";

    fn facts(
        state: ParticipationState,
        consent: Option<Share>,
        in_scope: bool,
    ) -> ParticipationFacts {
        ParticipationFacts {
            provider: Orgnr::parse(PROVIDER).unwrap(),
            specialist_user_id: Some(7),
            state,
            in_scope,
            consent,
        }
    }

    fn of_provider(role: Role) -> Principal {
        Principal {
            employer: Some(Orgnr::parse(PROVIDER).unwrap()),
            ..principal(role)
        }
    }

    fn arbitrary_state() -> impl Strategy<Value = ParticipationState> {
        proptest::sample::select(ParticipationState::ALL.to_vec())
    }

    #[test]
    fn each_party_sees_its_part_of_a_participation() {
        let se = Some(Share::of([Category::SupportedEmployment]));
        let active = facts(ParticipationState::Active, se, true);
        let access = |principal: &Principal, facts: &ParticipationFacts| {
            supported_employment_access(principal, &person(), facts)
        };
        // The person: everything about themself, and the decisions.
        let me = access(&principal(Role::Worker), &active);
        assert!(me.state && me.records && me.decide && !me.write && !me.assign);
        // The assigned specialist with the consent standing: the records.
        let specialist = access(&of_provider(Role::JobSpecialist), &active);
        assert!(specialist.records && specialist.write && !specialist.decide);
        // Guidance profiles only when the person shares them too.
        assert!(!specialist.take_in_guidance);
        let with_guidance = facts(
            ParticipationState::Active,
            Some(Share::of([
                Category::SupportedEmployment,
                Category::Guidance,
            ])),
            true,
        );
        assert!(access(&of_provider(Role::JobSpecialist), &with_guidance).take_in_guidance);
        // Another specialist (another user id): nothing.
        let other = Principal {
            user_id: 8,
            ..of_provider(Role::JobSpecialist)
        };
        assert_eq!(
            access(&other, &active),
            SupportedEmploymentAccess::default()
        );
        // The supervisor of the provider: state and assignment, never the records.
        let supervisor = access(&of_provider(Role::SeSupervisor), &active);
        assert!(supervisor.state && supervisor.assign && !supervisor.records && !supervisor.reason);
        // Of another provider: nothing.
        assert_eq!(
            access(&principal(Role::SeSupervisor), &active),
            SupportedEmploymentAccess::default()
        );
        // The caseworker of the person's unit: the state only.
        let nav = access(&principal(Role::Caseworker), &active);
        assert!(nav.state && nav.reason && !nav.records && !nav.write && !nav.assign);
        let outside = facts(ParticipationState::Active, None, false);
        assert_eq!(
            access(&principal(Role::Caseworker), &outside),
            SupportedEmploymentAccess::default()
        );
    }

    proptest! {
        /// Before agreement and after the end, the provider sees nothing;
        /// without the standing consent, the specialist reads nothing; only
        /// the person and their specialist ever read the records.
        #[test]
        fn nothing_reaches_the_provider_without_the_person_s_agreement(
            role in arbitrary_role(),
            state in arbitrary_state(),
            share in arbitrary_share(),
            in_scope in any::<bool>(),
        ) {
            let principal = of_provider(role);
            let facts = facts(state, share, in_scope);
            let access = supported_employment_access(&principal, &person(), &facts);
            let provider_side = matches!(role, Role::JobSpecialist | Role::SeSupervisor);
            if provider_side && !matches!(state, ParticipationState::Queued | ParticipationState::Active) {
                prop_assert_eq!(access, SupportedEmploymentAccess::default());
            }
            if access.records {
                let standing = share.is_some_and(|share| share.contains(Category::SupportedEmployment));
                prop_assert!(
                    role == Role::Worker
                        || (role == Role::JobSpecialist && standing && state == ParticipationState::Active)
                );
            }
            prop_assert!(!access.write || role == Role::JobSpecialist);
            prop_assert!(!access.decide || role == Role::Worker);
            prop_assert!(!access.assign || role == Role::SeSupervisor);
            // Guidance is taken in only by the specialist who writes, with it shared.
            let guidance_shared = share.is_some_and(|share| share.contains(Category::Guidance));
            prop_assert_eq!(access.take_in_guidance, access.write && guidance_shared);
        }
    }
}

fn outbox_event(
    kind: EventKind,
    subject: &str,
    reference: &str,
    owner: Option<&str>,
) -> OutboxEvent {
    OutboxEvent {
        position: 1,
        person: person(),
        kind,
        subject: subject.to_owned(),
        reference: reference.to_owned(),
        owner: owner.map(str::to_owned),
        at: 0,
    }
}

#[test]
fn the_feed_and_notifications_open_to_those_who_see_persons_and_webhooks_to_the_admin() {
    for role in Role::ALL {
        assert_eq!(
            reads_event_feed(&principal(role)),
            !matches!(role, Role::Admin | Role::SeSupervisor),
            "{role:?}"
        );
        assert_eq!(
            manages_webhooks(&principal(role)),
            matches!(role, Role::Admin | Role::System),
            "{role:?}"
        );
        assert_eq!(
            may_open(&principal(role), PageKind::Notifications),
            role != Role::System,
            "{role:?}"
        );
    }
    assert!(!needs_no_principal(PageKind::Notifications));
}

#[test]
fn an_employer_s_subscriber_sees_as_its_manager_and_a_centre_as_its_staff() {
    let employer = Orgnr::parse(EMPLOYER_A).unwrap();
    let SubscriberScope::As(hr) = subscriber_scope(SubscriberOwner::Employer(employer)) else {
        panic!("an employer's subscriber sees as one principal");
    };
    assert_eq!(hr.role, Role::Manager);
    assert_eq!(hr.employer, Some(employer));
    assert!(!hr.protected_address_access);
    let view = person_view(&hr, None).unwrap();
    assert!(!view.health, "never a diagnosis");
    assert_eq!(
        subscriber_scope(SubscriberOwner::CareerCentre(employer)),
        SubscriberScope::AsStaff {
            role: Role::Counsellor,
            organisation: employer
        }
    );
    assert_eq!(
        subscriber_scope(SubscriberOwner::SeProvider(employer)),
        SubscriberScope::AsStaff {
            role: Role::JobSpecialist,
            organisation: employer
        }
    );
}

#[test]
fn an_event_is_shown_with_what_it_is_about() {
    let task = outbox_event(
        EventKind::TaskOpened,
        "follow_up_plan",
        "t",
        Some("employer"),
    );
    let milestone = outbox_event(
        EventKind::MilestoneReached,
        "follow_up_plan",
        "2024-01-01",
        None,
    );
    let document = outbox_event(EventKind::DocumentStored, "sick_leave", "c", None);
    let shared = outbox_event(EventKind::GuidancePlanShared, "gp", "plan", None);
    for role in [
        Role::Caseworker,
        Role::Manager,
        Role::Gp,
        Role::Worker,
        Role::System,
    ] {
        let seen = view(role, None);
        assert!(event_shown(&seen, &task, false), "{role:?}");
        assert!(event_shown(&seen, &milestone, false), "{role:?}");
        assert!(event_shown(&seen, &document, true), "{role:?}");
        assert!(!event_shown(&seen, &document, false), "{role:?}");
        assert_eq!(
            event_shown(&seen, &shared, false),
            matches!(role, Role::Gp | Role::Worker),
            "{role:?}"
        );
    }
    // A job specialist shown certificates only sees no tasks and no milestones.
    let certificates_only = view(
        Role::JobSpecialist,
        Some(Share::of([Category::Certificates])),
    );
    assert!(!event_shown(&certificates_only, &task, false));
    assert!(!event_shown(&certificates_only, &milestone, false));
}

#[test]
fn each_party_is_told_at_its_own_deadlines_and_of_what_waits_for_it() {
    use crate::casework::{MeetingAnswer, MeetingAnswerKind, MeetingInvitation, Participant};
    let invitation = document(
        "inv",
        DocumentBody::Casework(CaseworkDocument::MeetingInvitation(MeetingInvitation {
            meeting: MeetingNumber::One,
            at: date(100).and_hms_opt(10, 0, 0).unwrap(),
            place: "Kantina".to_owned(),
            video: false,
            participants: vec![Participant::Worker, Participant::Gp],
            message: String::new(),
            replaces: None,
        })),
    );
    let answer = document(
        "ans",
        DocumentBody::Casework(CaseworkDocument::MeetingAnswer(MeetingAnswer {
            invitation: "inv".to_owned(),
            participant: Participant::Worker,
            answer: MeetingAnswerKind::Accept,
            comment: String::new(),
        })),
    );
    let request = document(
        "req",
        DocumentBody::Casework(CaseworkDocument::MeetingRequest(MeetingRequest {
            meeting: MeetingNumber::Three,
            date: date(50),
            by: Participant::Worker,
            reason: String::new(),
        })),
    );
    let shown = [&invitation, &answer, &request];
    let stored = |document: &Document| {
        outbox_event(
            EventKind::DocumentStored,
            document.kind().as_str(),
            &document.id,
            None,
        )
    };
    let told_of = |role: Role, document: &Document| {
        told(&principal(role), &stored(document), Some(document), &shown)
    };
    for role in Role::ALL {
        let expected = |topic, yes: bool| yes.then_some(topic);
        assert_eq!(
            told_of(role, &invitation),
            expected(Topic::Invitation, matches!(role, Role::Worker | Role::Gp)),
            "{role:?}"
        );
        assert_eq!(
            told_of(role, &answer),
            expected(Topic::Answer, role == Role::Manager),
            "{role:?}"
        );
        assert_eq!(
            told_of(role, &request),
            expected(Topic::Request, role == Role::Caseworker),
            "{role:?}"
        );
        let plan_due = outbox_event(
            EventKind::TaskOverdue,
            "follow_up_plan",
            "t",
            Some("employer"),
        );
        assert_eq!(
            told(&principal(role), &plan_due, None, &[]),
            expected(Topic::PlanDue, role == Role::Manager),
            "{role:?}"
        );
        let nav_task = outbox_event(
            EventKind::TaskDueSoon,
            "dialogue_meeting_2",
            "t",
            Some("nav"),
        );
        assert_eq!(
            told(&principal(role), &nav_task, None, &[]),
            None,
            "{role:?}"
        );
        let shared = outbox_event(EventKind::GuidancePlanShared, "nav", "plan", None);
        assert_eq!(
            told(&principal(role), &shared, None, &[]),
            expected(Topic::GuidancePlanShared, role == Role::Caseworker),
            "{role:?}"
        );
    }
}

#[test]
fn the_invitees_but_not_the_organiser_are_told_of_a_moved_or_cancelled_meeting() {
    use crate::casework::{MeetingCancellation, MeetingInvitation, Participant};
    let invitation = |id: &str, replaces: Option<&str>| {
        document(
            id,
            DocumentBody::Casework(CaseworkDocument::MeetingInvitation(MeetingInvitation {
                meeting: MeetingNumber::Two,
                at: date(100).and_hms_opt(10, 0, 0).unwrap(),
                place: "NAV".to_owned(),
                video: false,
                participants: vec![Participant::Worker, Participant::Manager],
                message: String::new(),
                replaces: replaces.map(str::to_owned),
            })),
        )
    };
    let first = invitation("inv", None);
    let moved = invitation("inv-2", Some("inv"));
    let cancelled = document(
        "c",
        DocumentBody::Casework(CaseworkDocument::MeetingCancelled(MeetingCancellation {
            invitation: "inv-2".to_owned(),
            meeting: MeetingNumber::Two,
            date: date(90),
            reason: "Veilederen er syk".to_owned(),
        })),
    );
    let shown = [&first, &moved, &cancelled];
    for document in [&moved, &cancelled] {
        let event = outbox_event(
            EventKind::DocumentStored,
            document.kind().as_str(),
            &document.id,
            None,
        );
        for other in Role::ALL {
            let expected =
                (matches!(other, Role::Worker | Role::Manager)).then_some(Topic::MeetingChanged);
            assert_eq!(
                told(&principal(other), &event, Some(document), &shown),
                expected,
                "{other:?} of {}",
                document.id
            );
        }
    }
    // Only the organiser cancels; the invitees see the cancellation, the
    // GP (not invited) does not.
    assert!(may_send(&principal(Role::Caseworker), &cancelled).is_ok());
    assert!(may_send(&principal(Role::Manager), &cancelled).is_err());
    assert!(may_send(&principal(Role::Worker), &cancelled).is_err());
    let gp = view(Role::Gp, None);
    assert_eq!(gp.shown(&shown), vec![false, false, false]);
    let manager = view(Role::Manager, None);
    assert_eq!(manager.shown(&shown), vec![true, true, true]);
}
