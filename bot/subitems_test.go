package bot_test

import "testing"

// TestSubItems: motions go under "Motioner" as 3 a, 3 b; next item walks
// into them, jump takes their numbers, the protokoll heads them § 3 a, and
// what cannot be done is refused privately, changing nothing.
func TestSubItems(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			h := withRegister(t, lang, "ann", "bo")
			wantContains(t, h.do("ann", `agenda add "Motion om en klubbstuga" --under 3`),
				tr("Punkt 3 a tillagd: Motion om en klubbstuga.", "Added item 3 a: Motion om en klubbstuga."))
			wantContains(t, h.do("ann", `dagordning lägg till "Motion om bryggan" 5m --under 3`),
				tr("Punkt 3 b tillagd: Motion om bryggan.", "Added item 3 b: Motion om bryggan."))
			wantContains(t, h.do("bo", "agenda"), "2. Stadgeändring", "3. Motioner", "3 a. Motion om en klubbstuga", "3 b. Motion om bryggan")

			wantContains(t, h.sameState("bo", `agenda add "x" --under 3`), tr("bara ordföranden", "Only the chair"))
			wantContains(t, h.sameState("ann", `agenda add "x" --under 3a`),
				tr("Punkt 3 a ”Motion om en klubbstuga” är själv en underpunkt", "Item 3 a “Motion om en klubbstuga” is itself a sub-item"))
			wantContains(t, h.sameState("ann", `agenda add "x" --under 9`),
				tr("Det finns ingen punkt 9: dagordningen har 3.", "There is no item 9: the agenda has 3."))
			wantContains(t, h.sameState("ann", `agenda add "x" --under tre`), tr("”tre” är inte ett tal", "“tre” is not a number"))
			wantContains(t, h.sameState("ann", "agenda remove 3"),
				tr("Punkt 3 ”Motioner” har underpunkter; stryk dem först.", "Item 3 “Motioner” has sub-items; remove them first."))
			wantContains(t, h.sameState("ann", "agenda move 3b 1"), tr("flyttas inte", "does not move"))
			wantContains(t, h.sameState("ann", "agenda jump 3 c"), tr("Det finns ingen punkt 3 c", "There is no item 3 c"))

			h.do("ann", "next item")
			wantContains(t, h.do("ann", "next item"), tr("§ 3: Motioner", "Item 3: Motioner"))
			got := h.do("ann", "nästa punkt")
			wantContains(t, got, tr("§ 3 a: Motion om en klubbstuga", "Item 3 a: Motion om en klubbstuga"), "3 a. ▶ **Motion om en klubbstuga**")
			h.do("ann", `decision "att bifalla motionen om en klubbstuga"`)
			wantContains(t, h.do("ann", "agenda jump 3 b"), tr("§ 3 b: Motion om bryggan", "Item 3 b: Motion om bryggan"))
			wantContains(t, h.do("bo", "status"), "3 b. Motion om bryggan")
			wantContains(t, h.do("ann", "agenda back"), tr("§ 3 a: Motion om en klubbstuga", "Item 3 a: Motion om en klubbstuga"))
			wantContains(t, h.do("ann", "agenda jump 3B"), tr("§ 3 b: Motion om bryggan", "Item 3 b: Motion om bryggan"))
			wantContains(t, h.do("ann", "next item"), tr("dagordningen är genomgången", "the agenda is done"))

			wantContains(t, h.do("ann", "minutes"), "## § 3 Motioner\n\n## § 3 a Motion om en klubbstuga\n\n",
				"att bifalla motionen om en klubbstuga", "## § 3 b Motion om bryggan")
		})
	}
}

// TestSubItemTemplate: a template's items: are checked by line and field,
// shown and started with their numbers, and kept by template save.
func TestSubItemTemplate(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			h := newHarness(t)
			h.do("ann", "lang "+lang)
			got := h.refused("ann", "template import ```\nname: motioner\ntitle: Motioner\nagenda:\n  - title: Motioner\n    items:\n      - title: Klubbstuga\n        items:\n          - title: Ritningar\n```")
			wantContains(t, got, tr("rad 8, `agenda[0].items[0].items`: går en nivå för djupt", "line 8, `agenda[0].items[0].items`: goes a level too deep"))
			wantContains(t, h.do("ann", "template import ```\nname: motioner\ntitle: Motioner\nagenda:\n  - title: Öppnande\n  - title: Motioner\n    items:\n      - title: Klubbstuga\n        timebox: 20m\n      - title: Bryggan\n  - title: Avslutande\n```"),
				tr("”motioner”", "“motioner”"))
			wantContains(t, h.do("bo", "template show motioner"), "2. Motioner", "2 a. Klubbstuga", "2 b. Bryggan", "3. Avslutande")
			wantContains(t, h.do("ann", `schedule motioner "Årsmöte" 2027-03-14 18:00`), "1. Öppnande", "2. Motioner", "2 a. Klubbstuga", "2 b. Bryggan", "3. Avslutande")
			wantContains(t, h.do("ann", "start motioner"), "2 a. Klubbstuga", "2 b. Bryggan")
			h.do("ann", "template save igen")
			wantContains(t, h.do("ann", "template export igen"), "- title: Motioner\n  items:\n  - title: Klubbstuga\n    timebox: 20m\n  - title: Bryggan\n- title: Avslutande")
		})
	}
}
