//! The scoring rules against a naive model of the contract's text.

use proptest::prelude::*;

use super::definition::{AnswerRange, ElementId, InstrumentId, ItemDraft, Scale, Texts};
use super::*;

fn texts() -> Texts {
    Texts::nb_en("tekst", "text")
}

fn scales_definition(min: u8, max: u8, item_scales: &[(usize, bool)], scales: usize) -> Definition {
    let scales: Vec<Scale> = (0..scales)
        .map(|index| Scale {
            id: ElementId::parse_scale(&format!("S{index}")).unwrap(),
            title: texts(),
        })
        .collect();
    let drafts = item_scales
        .iter()
        .enumerate()
        .map(|(index, (scale, reversed))| ItemDraft {
            id: ElementId::parse_item(&format!("i{index}")).unwrap(),
            scale: format!("S{scale}"),
            text: texts(),
            reversed: *reversed,
        })
        .collect();
    Definition {
        id: InstrumentId::parse("test").unwrap(),
        version: 1,
        title: texts(),
        answers: AnswerRange::new(min, max).unwrap(),
        shape: Shape::scales(scales, drafts).unwrap(),
    }
}

/// A definition where every scale has at least one item, with answers.
fn scales_case() -> impl Strategy<Value = (Definition, Vec<Option<u8>>)> {
    (0u8..=60, 1u8..=40, 1usize..=7)
        .prop_flat_map(|(min, width, scales)| {
            let max = min + width;
            let extra = prop::collection::vec((0..scales, any::<bool>()), 0..20);
            let reversed = prop::collection::vec(any::<bool>(), scales);
            (Just(min), Just(max), Just(scales), reversed, extra)
        })
        .prop_flat_map(|(min, max, scales, reversed, extra)| {
            let mut items: Vec<(usize, bool)> = reversed.into_iter().enumerate().collect();
            items.extend(extra);
            let count = items.len();
            let definition = scales_definition(min, max, &items, scales);
            let answers = prop::collection::vec(prop::option::weighted(0.7, min..=max), count);
            (Just(definition), answers)
        })
}

proptest! {
    #[test]
    fn scale_scores_follow_the_contract((definition, values) in scales_case()) {
        let Shape::Scales { scales, items } = &definition.shape else { unreachable!() };
        let (min, max) = (u64::from(definition.answers.min()), u64::from(definition.answers.max()));
        let Score::Scales(result) = score(&definition, &Answers::Scales(values.clone())) else {
            panic!("a scales definition gives a scales result")
        };
        prop_assert_eq!(result.scales.len(), scales.len());
        let mut naive_means = Vec::new();
        for (scale, got) in result.scales.iter().enumerate() {
            let mine: Vec<(usize, &Item)> = items.iter().enumerate().filter(|(_, item)| item.scale == scale).collect();
            let answered: Vec<u64> = mine.iter().filter_map(|(index, item)| {
                values[*index].map(|a| if item.reversed { min + max - u64::from(a) } else { u64::from(a) })
            }).collect();
            prop_assert_eq!(got.items, mine.len());
            prop_assert_eq!(got.answered, answered.len());
            let n = answered.len() as u64;
            let sum: u64 = answered.iter().sum();
            if n == 0 || 2 * n < mine.len() as u64 {
                prop_assert!(got.mean.is_none());
                naive_means.push(None);
                continue;
            }
            let mean = got.mean.expect("a scale with half its items answered has a score");
            // h is the rounding half up of sum/n to hundredths: h - ½ ≤ 100·sum/n < h + ½.
            let h = mean.hundredths();
            prop_assert!((2 * h).saturating_sub(1) * n <= 200 * sum || h == 0);
            prop_assert!(200 * sum < (2 * h + 1) * n);
            let p = mean.percent(definition.answers.min(), definition.answers.max());
            let above = sum - n * min;
            let span = n * (max - min);
            prop_assert!(p == 0 || (2 * p - 1) * span <= 200 * above);
            prop_assert!(200 * above < (2 * p + 1) * span);
            prop_assert!(p <= 100);
            naive_means.push(Some((sum, n)));
        }
        // top: repeatedly the highest mean, the earliest scale among equals.
        let mut left: Vec<(usize, (u64, u64))> = naive_means.iter().enumerate()
            .filter_map(|(scale, mean)| mean.map(|mean| (scale, mean))).collect();
        let mut naive_top = Vec::new();
        while naive_top.len() < 3 && !left.is_empty() {
            let mut best = 0;
            for (position, (_, (sum, n))) in left.iter().enumerate() {
                let (best_sum, best_n) = left[best].1;
                if u128::from(*sum) * u128::from(best_n) > u128::from(best_sum) * u128::from(*n) {
                    best = position;
                }
            }
            naive_top.push(left.remove(best).0);
        }
        prop_assert_eq!(&result.top, &naive_top);
        prop_assert_eq!(result.complete, values.iter().all(Option::is_some));
    }

    #[test]
    fn wheel_gaps_follow_the_contract(
        ratings in prop::collection::vec((prop::option::of(1u8..=10), prop::option::of(1u8..=10)), 1..12)
    ) {
        let areas = (0..ratings.len()).map(|index| Area {
            id: ElementId::parse_item(&format!("a{index}")).unwrap(),
            title: texts(),
        }).collect();
        let definition = Definition {
            id: InstrumentId::parse("wheel").unwrap(),
            version: 1,
            title: texts(),
            answers: AnswerRange::new(1, 10).unwrap(),
            shape: Shape::wheel(areas).unwrap(),
        };
        let answers = Answers::Wheel(ratings.iter().map(|(current, desired)| WheelAnswer { current: *current, desired: *desired }).collect());
        let Score::Wheel(result) = score(&definition, &answers) else { panic!("a wheel gives a wheel result") };
        let gaps: Vec<Option<i16>> = ratings.iter().map(|(c, d)| Some(i16::from((*d)?) - i16::from((*c)?))).collect();
        prop_assert_eq!(result.areas.iter().map(|area| area.gap).collect::<Vec<_>>(), gaps.clone());
        // ranked: by gap, largest first, equal gaps in the definition's order.
        let mut naive: Vec<usize> = (0..gaps.len()).filter(|index| gaps[*index].is_some()).collect();
        for i in 0..naive.len() {
            for j in 0..naive.len() - 1 - i {
                if gaps[naive[j]] < gaps[naive[j + 1]] {
                    naive.swap(j, j + 1);
                }
            }
        }
        prop_assert_eq!(result.ranked, naive);
        prop_assert_eq!(result.complete, gaps.iter().all(Option::is_some));
    }
}

#[test]
fn the_contract_example_scores_three_of_four_items() {
    // R has four items, three answered 4, 3, 4 on 1..=5: mean 3.666… gives 3.67 and 67 %.
    let definition = scales_definition(1, 5, &[(0, false), (0, false), (0, false), (0, false)], 1);
    let Score::Scales(result) = score(
        &definition,
        &Answers::Scales(vec![Some(4), Some(3), Some(4), None]),
    ) else {
        panic!("scales")
    };
    let mean = result.scales[0].mean.unwrap();
    assert_eq!(mean.hundredths(), 367);
    assert_eq!(mean.percent(1, 5), 67);
    assert_eq!(result.top, vec![0]);
    assert!(!result.complete);
}

#[test]
fn half_up_rounds_a_half_away_from_zero() {
    // 1, 2 on 1..=4 → mean 1.5, percent (1.5−1)/3·100 = 16.67 → 17; 2.125 → 2.13.
    let definition = scales_definition(1, 4, &[(0, false), (0, false)], 1);
    let Score::Scales(result) = score(&definition, &Answers::Scales(vec![Some(1), Some(2)])) else {
        panic!()
    };
    assert_eq!(result.scales[0].mean.unwrap().hundredths(), 150);
    assert_eq!(result.scales[0].mean.unwrap().percent(1, 4), 17);
    let eight = scales_definition(1, 5, &[(0, false); 8], 1);
    let answers = Answers::Scales(vec![
        Some(2),
        Some(2),
        Some(2),
        Some(2),
        Some(2),
        Some(2),
        Some(2),
        Some(3),
    ]);
    let Score::Scales(result) = score(&eight, &answers) else {
        panic!()
    };
    assert_eq!(result.scales[0].mean.unwrap().hundredths(), 213);
}

#[test]
fn reversed_items_count_from_the_other_end() {
    let definition = scales_definition(1, 5, &[(0, true)], 1);
    let Score::Scales(result) = score(&definition, &Answers::Scales(vec![Some(5)])) else {
        panic!()
    };
    assert_eq!(result.scales[0].mean.unwrap().hundredths(), 100);
}

#[test]
fn ids_follow_their_patterns() {
    assert!(InstrumentId::parse("interests").is_ok());
    assert!(InstrumentId::parse("a").is_ok());
    assert!(InstrumentId::parse(&"a".repeat(40)).is_ok());
    assert!(InstrumentId::parse(&"a".repeat(41)).is_err());
    assert!(InstrumentId::parse("1x").is_err());
    assert!(InstrumentId::parse("Interests").is_err());
    assert!(InstrumentId::parse("").is_err());
    assert!(ElementId::parse_scale("R").is_ok());
    assert!(ElementId::parse_scale("r_2-x").is_ok());
    assert!(ElementId::parse_scale("_R").is_err());
    assert!(ElementId::parse_scale(&"R".repeat(21)).is_err());
    assert!(ElementId::parse_item("1a").is_ok());
    assert!(ElementId::parse_item("A1").is_err());
    assert!(ElementId::parse_item("é").is_err());
}

#[test]
fn texts_need_bokmaal_and_english_and_no_empty_text() {
    let t = |entries: &[(Language, &str)]| {
        Texts::new(entries.iter().map(|(l, s)| (*l, (*s).to_owned())))
    };
    assert!(t(&[(Language::Nb, "a"), (Language::En, "b")]).is_ok());
    assert_eq!(
        t(&[(Language::Nb, "a")]),
        Err(super::definition::TextsError::Missing(Language::En))
    );
    assert!(t(&[(Language::Nb, ""), (Language::En, "b")]).is_err());
    assert!(t(&[(Language::Nb, &"æ".repeat(500)), (Language::En, "b")]).is_ok());
    assert!(t(&[(Language::Nb, &"æ".repeat(501)), (Language::En, "b")]).is_err());
}

#[test]
fn a_scale_without_items_or_an_unknown_scale_is_refused() {
    let scales = vec![
        Scale {
            id: ElementId::parse_scale("A").unwrap(),
            title: texts(),
        },
        Scale {
            id: ElementId::parse_scale("B").unwrap(),
            title: texts(),
        },
    ];
    let item = |scale: &str| ItemDraft {
        id: ElementId::parse_item("x").unwrap(),
        scale: scale.to_owned(),
        text: texts(),
        reversed: false,
    };
    assert_eq!(
        Shape::scales(scales.clone(), vec![item("A")]),
        Err(DefinitionError::EmptyScale {
            index: 1,
            id: "B".to_owned()
        })
    );
    assert_eq!(
        Shape::scales(scales, vec![item("C")])
            .unwrap_err()
            .to_string(),
        "'C' is not a scale of this instrument"
    );
}
