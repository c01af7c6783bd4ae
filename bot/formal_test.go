package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

var annual = facilitation.Template{
	Name: "annual", Title: "Annual meeting", Protocol: true,
	Agenda: []facilitation.TemplateItem{{Title: "Opening", Timebox: 5 * time.Minute}, {Title: "Motions", Timebox: 30 * time.Minute}},
	Polls:  facilitation.PollRules{Visibility: facilitation.Anonymous},
}

func TestProposalsAndVotingOrder(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "next item")
	wantContains(t, h.do("bo", `propose "that the motion be adopted"`), "Proposal 1 by Bo: that the motion be adopted")
	wantContains(t, h.do("cy", `propose "that the motion be rejected"`), "Proposal 2 by Cy")
	wantContains(t, h.do("dan", `propose --amends 1 "that the fee be 200 SEK"`), "an amendment to proposal 1")
	wantContains(t, h.do("eve", `yrka --formal "att återremittera motionen"`), "a formal motion, decided first")
	wantContains(t, h.do("eve", "support 1"), "You support proposal 1")
	wantContains(t, h.refused("eve", "support 1"), "You already stand behind proposal 1")
	wantContains(t, h.refused("bo", "withdraw 2"), "Only the one who made proposal 2 (Cy) can withdraw it.")
	wantContains(t, h.refused("bo", "support 9"), "There is no proposal 9 on this item: it has 4.")
	got := h.do("fay", "proposals")
	wantContains(t, got, "Proposals: Motions", "that the motion be adopted · Bo · supported by Eve",
		"Amendment to 1: that the fee be 200 SEK · Dan", "Formal motion: att återremittera motionen · Eve")

	// Bad input: nothing is put yet.
	wantContains(t, h.refused("ann", "declare 1"), "No question has been put")
	wantContains(t, h.refused("bo", "demand vote"), "No question has been put")
	wantContains(t, h.refused("bo", "proposition"), "Only the chair can do that")
	wantContains(t, h.refused("ann", "proposition 3 1 4 2"), "Formal motion 4 must be decided before the rest.")

	got = h.do("ann", "proposition")
	wantContains(t, got, "Order of voting", "Formal motion 4 against rejection: if it is carried, the matter is not decided today.", "Amendment 3 against the wording it changes in proposal 1",
		"Proposal 1 against proposal 2.", "The question is put", "Whoever supports proposal 4: att återremittera motionen says yes.",
		"Whoever rejects proposal 4 says yes.")
	wantContains(t, h.refused("bo", "demand vote"), "The chair has not declared a result yet")
	wantContains(t, h.refused("ann", "declare 3"), "Proposal 3 is not an alternative in this question. The question is between proposal 4 and rejection (`reject`).")
	// declare 2, the position of avslag, is proposal 2 on this item: refused, not taken as avslag.
	wantContains(t, h.refused("ann", "declare 2"), "Proposal 2 is not an alternative in this question.")
	wantContains(t, h.do("ann", "declare reject"), "The chair finds that the meeting rejects the formal motion (proposal 4); the matter is decided today.",
		"within 30s")
	// Nobody demands a vote: after 30 s the declaration stands and the next question is put.
	got = h.fired(30 * time.Second)
	wantContains(t, got, "No counted vote was demanded", "Whoever supports proposal 3: that the fee be 200 SEK says yes.",
		"Whoever keeps the wording of proposal 1: that the motion be adopted says yes.")
	wantContains(t, h.do("ann", "finner 3"), "supports proposal 3")
	// The amendment carried: proposal 1 is put in its wording.
	wantContains(t, h.fired(30*time.Second), "Whoever supports proposal 1 as amended by proposal 3: that the fee be 200 SEK says yes.", "Whoever supports proposal 2")
	// The main question: declared for 1, a vote is demanded and counts 2.
	h.do("ann", "declare 1")
	h.clock.Advance(10 * time.Second)
	got = h.do("cy", "votering")
	wantContains(t, got, "Cy demands a counted vote: vote in poll #1", "Counted vote: Motions")
	h.clock.Advance(time.Minute)
	wantContains(t, h.refused("dan", "demand vote"), "A counted vote is already under way")
	for _, v := range []struct{ who, n string }{{"bo", "1"}, {"cy", "2"}, {"dan", "2"}, {"eve", "blank"}} {
		h.do(v.who, "vote "+v.n)
	}
	if got := h.fired(time.Minute); strings.Contains(got, "decided") {
		t.Errorf("the window's timer settled a question under a counted vote: %q", got)
	}
	got = h.do("ann", "poll close")
	wantContains(t, got, "The meeting has decided for proposal 2: that the motion be rejected by 2 votes to 1; 1 abstained.", "Decision 1: that the motion be rejected (counted: 2 votes for proposal 2 and 1 for proposal 1, 1 abstaining)")
	// The amendment fell with proposal 1.
	if strings.Contains(got, "Decision 1: that the fee be 200 SEK") {
		t.Errorf("the amendment of the losing proposal was minuted: %q", got)
	}
	wantContains(t, h.refused("bo", "demand vote"), "No question has been put")

	// A reservation against the decision, listed under it in the protokoll.
	wantContains(t, h.do("bo", `reservation "The members asked for it"`), "Bo registers a reservation against the decision: that the motion be rejected.")
	wantContains(t, h.refused("bo", "reservation"), "already registered a reservation")
	md := h.do("ann", "minutes")
	wantContains(t, md, "Bo proposed that the motion be adopted (proposal 1). Eve supported it.",
		"The chair put proposal 4 against rejection and found that the meeting had rejected proposal 4.",
		"A counted vote was demanded by Cy. The count gave 1 vote for proposal 1, 2 for proposal 2 and 1 blank. "+
			"Shares of the 3 votes cast for an alternative: proposal 1 33.3% and proposal 2 66.7%. The meeting had thereby carried proposal 2.",
		"The meeting resolved\n\nthat the motion be rejected\n\n_Bo registered a reservation against the decision. Reason: The members asked for it_")
	if strings.Contains(md, "Poll #1") {
		t.Errorf("the votering is narrated and also listed as a poll:\n%s", md)
	}
}

func TestDemandVoteAfterTheWindow(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("bo", `propose "that we adjourn sine die"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	before := stored(t, h.store, channel)
	h.clock.Advance(31 * time.Second)
	wantContains(t, h.refused("cy", "demand vote"), "It is too late to demand a counted vote: that must be done within 30s of the declaration.")
	if after := stored(t, h.store, channel); after != before {
		t.Error("a refused demand changed the meeting")
	}
	wantContains(t, h.fired(0), "No counted vote was demanded", "Decision 1: that we adjourn sine die")
	wantContains(t, h.do("ann", "minutes"), "## § 1 Opening", "that we adjourn sine die")
}

func TestReservationWithNoDecision(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	wantContains(t, h.refused("bo", `reservera "nej"`), "There is no decision yet")
}

func TestProtocolWrittenByOfficers(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	wantContains(t, h.refused("bo", `decision "att medlemmen bestämmer"`), "Only the chair (Ann) and the secretary (nobody yet) write the minutes")
	// The secretary's election is the protokoll's first decision.
	wantContains(t, h.do("ann", "secretary @cy"), "cy keeps the minutes.")
	wantContains(t, h.do("cy", `beslut "att öppna mötet"`), "Decision 2 recorded: att öppna mötet")
	wantContains(t, h.do("cy", `note "Mötet öppnades."`), "Note 1 recorded")
	wantContains(t, h.do("cy", `decision edit 2 "att förklara mötet öppnat"`), "Decision 2 now reads: att förklara mötet öppnat")
	wantContains(t, h.refused("bo", `decision edit 2 "att x"`), "Only the chair (Ann) and the secretary (Cy)")
	wantContains(t, h.refused("cy", `decision edit 3 "att x"`), "There is no decision 3 in the minutes.")
	wantContains(t, h.do("ann", "note remove 1"), "Note 1 is removed from the minutes")
	wantContains(t, h.refused("ann", "note remove 1"), "There is no note 1")
	md := h.do("ann", "minutes")
	wantContains(t, md, "that cy be elected secretary of the meeting", "The chair declared the meeting open at ")
	if strings.Contains(md, "Mötet öppnades.") || strings.Contains(md, "Speaking time") || strings.Contains(md, "förklara mötet öppnat") {
		t.Errorf("the protokoll has a removed note, speaking statistics or the chair's act as a decision:\n%s", md)
	}
	h.do("ann", "end")
	// After the meeting the secretary finishes the minutes; others may not.
	wantContains(t, h.do("cy", `decision edit 2 "att y"`), "Decision 2 now reads: att y")
	wantContains(t, h.refused("bo", `decision edit 2 "att z"`), "Only the chair (Ann) and the secretary (Cy)")

	// Elsewhere anyone writes, unless the template says officers.
	h2 := newHarness(t)
	h2.do("ann", "start board")
	h2.do("bo", `decision "Pizza on Friday."`)
	officers := board
	officers.Name, officers.Entries.Writers = "strict", facilitation.WritersOfficers
	h3 := newHarnessWith(t, officers)
	h3.do("ann", "start strict")
	h3.refused("bo", `note "x"`)
}

func TestStatsMoveToTheReport(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("bo", "hand")
	h.do("ann", "next")
	h.clock.Advance(time.Minute)
	h.do("ann", "end")
	md, err := h.bot.Minutes(context.Background(), channel, "", "")
	if err != nil || strings.Contains(md, "Speaking time") {
		t.Errorf("Minutes: %v\n%s", err, md)
	}
	rep, err := h.bot.Report(context.Background(), channel, "", "")
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, rep, "Facilitator's report: Annual meeting", "## Speaking time", "Bo: 1 turn, 1m")
	wantContains(t, h.do("ann", "minutes --stats"), "Bo: 1 turn, 1m")
}

// TestProposeWhileAdjourned: a proposal made while the meeting is
// adjourned is refused for that, even when a voting is under way.
func TestProposeWhileAdjourned(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("bo", `propose "that we paint it red"`)
	h.do("ann", "proposition")
	h.do("ann", "ajournera 15m")
	got := h.sameState("cy", `propose "that we paint it blue"`)
	wantContains(t, got, "The meeting is adjourned.")
	if strings.Contains(got, "under way") {
		t.Errorf("refused for the voting, not the adjournment: %s", got)
	}
}

func TestAdjournAcrossARestart(t *testing.T) {
	h := newDurableHarness(t, timed) // Budget 10m, then Elections; turns of 3m
	h.do("ann", "start timed")
	h.clock.Advance(3 * time.Minute)
	h.do("bo", "hand")
	h.do("ann", "next")
	h.drain()
	h.clock.Advance(time.Minute) // 6m left of Budget, 2m of Bo's turn
	wantContains(t, h.refused("ann", "resume"), "The meeting is not adjourned.")
	wantContains(t, h.do("ann", "ajournera 15m"), "The meeting is adjourned for 15m, until 18:19.")
	wantContains(t, h.refused("ann", "next"), "The meeting is adjourned")
	wantContains(t, h.do("bo", "agenda"), "▶ **Budget** (10m, 6m left)", "adjourned until 18:19")
	h.reopen()
	// The timers set before the adjournment say nothing while it lasts.
	wantContains(t, h.fired(15*time.Minute), "The adjournment is over; the chair can resume the meeting (`resume`).")
	if got := h.fired(5 * time.Minute); got != "" {
		t.Errorf("while adjourned: %q", got)
	}
	wantContains(t, h.do("ann", "återuppta"), "The meeting resumes after 20m.")
	h.reopen()
	wantContains(t, h.do("ann", "agenda"), "▶ **Budget** (10m, 6m left)")
	// Bo had spoken 1 of 3 minutes: the notice comes 2 minutes after resuming.
	if got := h.fired(90 * time.Second); strings.Contains(got, "speaking time of 3m is up") {
		t.Errorf("after 1m30s: %q", got)
	}
	wantContains(t, h.fired(30*time.Second), "Bo, the speaking time of 3m is up")
	wantContains(t, h.fired(2*time.Minute), "⏳ 2m left for “Budget”.")
	wantContains(t, h.fired(2*time.Minute), "⌛ Time is up for “Budget”")
}

func TestTalartidAndLastCall(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "lang sv")
	wantContains(t, h.do("ann", "talartid 2m"), "Talartiden i den här punkten är 2 min per inlägg.")
	h.do("bo", "begär ordet")
	h.do("cy", "begär ordet")
	got := h.do("ann", "nästa talare")
	wantContains(t, got, "Bo har ordet. Därefter: Cy.", "2 min kvar av 2 min")
	wantContains(t, h.fired(90*time.Second), "30 s kvar av din talartid.")
	wantContains(t, h.fired(30*time.Second), "Bo, talartiden på 2 min är slut")
	wantContains(t, h.do("ann", "streck föreslås 60s"), "Streck föreslås: talarlistan stängs om 1 min")
	h.do("dan", "begär ordet")
	wantContains(t, h.fired(time.Minute), "Streck i debatten")
	wantContains(t, h.refused("eve", "begär ordet"), "Det är streck i debatten")
	wantContains(t, h.do("eve", "sakupplysning"), "Sakupplysning noterad")
	// The nudge about speaking again counts this item only.
	h.do("ann", "nästa talare") // Eve's information
	h.do("ann", "nästa talare") // Cy
	wantContains(t, h.do("bo", "replik"), "Du har begärt replik på Cy")
	// A last call overtaken by the chair's own close and reopen does not
	// close the list again when its time comes.
	h.do("ann", "öppna talarlistan")
	h.do("ann", "streck föreslås 60s")
	h.do("ann", "streck")
	h.do("ann", "öppna talarlistan")
	if got := h.fired(time.Minute); strings.Contains(got, "Streck i debatten") {
		t.Errorf("a reopened list was closed by the last call before it: %q", got)
	}
	h.do("fay", "begär ordet")
}

func TestMessageFixes(t *testing.T) {
	h := newHarnessWith(t, timed)
	h.do("ann", "start timed")
	wantContains(t, h.refused("ann", "agenda extend 24h"), "An item's timebox can be at most 24h: 10m and 24h more would go past it.")
	h.clock.Advance(15 * time.Minute)
	wantContains(t, h.do("ann", "agenda extend 2m"), "“Budget” extended by 2m: still 3m over time.")
	h.do("ann", `poll "Q?" "A" "B"`)
	h.do("bo", "vote 1")
	h.do("ann", "next item")
	wantContains(t, h.do("ann", "minutes"), "| 1 | Budget | 10m | 15m |", "Still open (1 vote).")
	// The answer to a reply is addressed to the speaker.
	h.do("bo", "hand")
	h.do("ann", "next")
	h.do("cy", "reply")
	wantContains(t, h.do("bo", "reply"), "You will answer the replies to your speech")
	wantContains(t, h.do("ann", "queue"), "Bo · answer to the replies")
	h.do("ann", "next") // Cy's reply
	wantContains(t, h.do("ann", "next"), "Bo has the floor to answer the replies.")
	h.do("ann", "adjusters @cy @dan @eve")
	wantContains(t, h.do("ann", "minutes"), "Chair: Ann")
}

func TestLangBeforeAMeeting(t *testing.T) {
	h := newHarness(t)
	wantContains(t, h.do("ann", "lang sv"), "Jag talar svenska i den här kanalen, och i de möten som startas här.")
	wantContains(t, h.refused("ann", "end"), "Inget möte pågår här")
	wantContains(t, h.do("ann", "start board"), "Mötet har öppnats")
	wantContains(t, h.refused("bo", "lang en"), "Det får bara ordföranden göra")
	wantContains(t, h.do("ann", "adjusters @cy @dan"), "cy och dan justerar protokollet.")
	wantContains(t, h.do("ann", "nästa punkt"), "§ 2: Budget", "Tidsram: 20 min.")
}

// TestAmendmentCarriedWithTheMainProposal: an ändringsyrkande is an
// alternative to the wording it changes. Once carried, the main question
// puts the proposal as amended, and the decision is the amendment's
// wording; rejected, the proposal's own wording stands.
func TestAmendmentCarriedWithTheMainProposal(t *testing.T) {
	for _, tt := range []struct {
		lang, amendment    string // the finding on the amendment: 3 carries it, avslag keeps the wording
		question, decision string
		reserved, notIn    string
	}{
		{lang: "sv", amendment: "3", question: "Den som bifaller yrkande 2 med ändringen i yrkande 3: att medlemsavgiften höjs till 350 kronor säger ja.",
			decision: "Beslut 1: att medlemsavgiften höjs till 350 kronor", reserved: "mot beslutet: att medlemsavgiften höjs till 350 kronor", notIn: "400"},
		{lang: "en", amendment: "3", question: "Whoever supports proposal 2 as amended by proposal 3: att medlemsavgiften höjs till 350 kronor says yes.",
			decision: "Decision 1: att medlemsavgiften höjs till 350 kronor", reserved: "against the decision: att medlemsavgiften höjs till 350 kronor", notIn: "400"},
		{lang: "sv", amendment: "avslag", question: "Den som bifaller yrkande 2: att medlemsavgiften höjs till 400 kronor säger ja.",
			decision: "Beslut 1: att medlemsavgiften höjs till 400 kronor", reserved: "mot beslutet: att medlemsavgiften höjs till 400 kronor", notIn: "350"},
	} {
		t.Run(tt.lang+"/"+tt.amendment, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tt.lang)
			h.do("bo", `yrka "att medlemsavgiften är oförändrad, 300 kronor"`)
			h.do("cy", `yrka "att medlemsavgiften höjs till 400 kronor"`)
			h.do("dan", `yrka --amends 2 "att medlemsavgiften höjs till 350 kronor"`)
			h.do("ann", "proposition")
			h.do("ann", "declare "+tt.amendment)
			got := h.fired(30 * time.Second)
			wantContains(t, got, tt.question)
			h.do("ann", "declare 2")
			got = h.fired(30 * time.Second)
			wantContains(t, got, tt.decision)
			if strings.Contains(got, tt.notIn) {
				t.Errorf("the decision names the wording the meeting did not choose (%s):\n%s", tt.notIn, got)
			}
			wantContains(t, h.do("eve", "reservation"), tt.reserved)
		})
	}
}

// TestAmendmentSaysWhatTheProposalWillRead: an ändringsyrkande replaces
// the whole wording it changes, so the bot says publicly, as it is made,
// what the proposal will read if it is carried, and tells its proposer
// privately to write the whole wording (or make a tilläggsyrkande). The
// question on it names both wordings, and help says the same.
func TestAmendmentSaysWhatTheProposalWillRead(t *testing.T) {
	for _, tt := range []struct {
		lang                      string
		public, private, question []string
		help                      string
	}{
		{lang: "sv",
			public: []string{"Yrkande 2 från Eva, ändringsyrkande till yrkande 1: att höjningen gäller från 2028",
				"Bifalls ändringsyrkandet lyder yrkande 1: att höjningen gäller från 2028 (i stället för: att medlemsavgiften höjs till 400 kronor)."},
			private: []string{"Ett ändringsyrkande ersätter hela lydelsen i yrkande 1, så skriv hela den nya lydelsen.",
				"`återta 2`", "`yrka --tillägg 1 \"att …\"`"},
			question: []string{"Den som bifaller yrkande 2: att höjningen gäller från 2028 säger ja.",
				"Den som vill behålla lydelsen i yrkande 1: att medlemsavgiften höjs till 400 kronor säger ja."},
			help: "--ändrar N för ett ändringsyrkande, med hela den nya lydelsen av yrkande N; --tillägg N för något som läggs till"},
		{lang: "en",
			public: []string{"Proposal 2 by Eva, an amendment to proposal 1: att höjningen gäller från 2028",
				"If the amendment is carried, proposal 1 reads: att höjningen gäller från 2028 (instead of: att medlemsavgiften höjs till 400 kronor)."},
			private: []string{"An amendment replaces the whole wording of proposal 1, so write the whole new wording.",
				"`withdraw 2`", "`propose --adds 1 \"that …\"`"},
			question: []string{"Whoever supports proposal 2: att höjningen gäller från 2028 says yes.",
				"Whoever keeps the wording of proposal 1: att medlemsavgiften höjs till 400 kronor says yes."},
			help: "--amends N for an amendment, with the whole new wording of proposal N; --adds N for something added"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tt.lang)
			h.do("david", `yrka "att medlemsavgiften höjs till 400 kronor"`)
			resp := h.req(bot.Request{User: "eva", Text: `yrka --amends 1 "att höjningen gäller från 2028"`})
			var public, private string
			for _, r := range resp.Replies {
				switch r.To {
				case chat.Caller:
					private += r.Message.Text + "\n"
				case chat.Channel:
					public += r.Message.Text + "\n"
				}
			}
			wantContains(t, public, tt.public...)
			wantContains(t, private, tt.private...)
			wantContains(t, h.do("ann", "proposition"), tt.question...)
			wantContains(t, h.do("eva", "help propose"), tt.help)
		})
	}
}

// TestPlainPropositionKeepsTheOrderInForce: after the chair has set an
// order, a plain proposition shows and keeps it, before the first
// question and once the questions are being put, and the protokoll
// records it, not the suggested order.
func TestPlainPropositionKeepsTheOrderInForce(t *testing.T) {
	for _, tt := range []struct {
		lang, chairs, suggested, minuted string
	}{
		{lang: "sv", chairs: "Yrkande 2 mot yrkande 1.", suggested: "Yrkande 1 mot yrkande 2.",
			minuted: "Ordföranden föreslog följande propositionsordning, som mötet godkände: Ändringsyrkande 3 mot lydelsen i yrkande 2. Yrkande 2 mot yrkande 1."},
		{lang: "en", chairs: "Proposal 2 against proposal 1.", suggested: "Proposal 1 against proposal 2.",
			minuted: "which the meeting approved: Amendment 3 against the wording it changes in proposal 2. Proposal 2 against proposal 1."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tt.lang)
			h.do("bo", `yrka "att medlemsavgiften är oförändrad"`)
			h.do("cy", `yrka "att medlemsavgiften höjs till 400 kronor"`)
			h.do("dan", `yrka --amends 2 "att medlemsavgiften höjs till 350 kronor"`)
			wantContains(t, h.do("ann", "proposition 3 2 1"), tt.chairs)
			for _, when := range []string{"before the first question", "once the questions are put"} {
				got := h.do("ann", "proposition")
				wantContains(t, got, tt.chairs)
				if strings.Contains(got, tt.suggested) {
					t.Errorf("%s, a plain proposition put the suggested order, not the chair's:\n%s", when, got)
				}
				h.do("ann", "declare 3")
			}
			h.fired(30 * time.Second) // the amendment carried
			h.do("ann", "declare 2")
			h.fired(30 * time.Second)
			got := h.do("ann", "minutes")
			wantContains(t, got, tt.minuted)
			if strings.Contains(got, tt.suggested) {
				t.Errorf("the protokoll records the suggested order, not the chair's:\n%s", got)
			}
		})
	}
}

// TestDecidedPropositionIsNotPutAgain: once the questions on an item are
// decided, a second propositionsordning would decide the same proposals
// again (a proposal carried, then rejected on a votering, both minuted).
// It is refused, naming the decision standing, and changes nothing; once
// the chair removes the decision, the question may be put again.
func TestDecidedPropositionIsNotPutAgain(t *testing.T) {
	for _, tt := range []struct{ lang, refusal, removed string }{
		{lang: "sv", refusal: "Yrkandena i den här punkten är redan avgjorda: beslut 1. Att ställa dem på nytt vore att besluta i saken två gånger. " +
			"Ett beslut som antecknats fel rättas med `beslut ändra 1 \"…\"`, eller stryks med `beslut stryk 1` innan frågan ställs på nytt.",
			removed: "Huvudfrågan: yrkande 1 mot avslag."},
		{lang: "en", refusal: "The proposals on this item have been decided: decision 1. Putting them again would decide the matter twice. " +
			"A decision recorded wrongly is corrected with `decision edit 1 \"…\"`, or removed with `decision remove 1` before the question is put again.",
			removed: "The main question: proposal 1 against rejection."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tt.lang)
			h.do("ann", "next item")
			h.do("bo", `yrka "att föreningen bygger en klubbstuga"`)
			h.do("ann", "proposition")
			h.do("ann", "declare 1")
			h.fired(30 * time.Second)
			if got := strings.TrimSpace(h.sameState("ann", "proposition")); got != tt.refusal {
				t.Errorf("proposition on a decided item:\n got %q\nwant %q", got, tt.refusal)
			}
			h.do("ann", "decision remove 1")
			wantContains(t, h.do("ann", "proposition"), tt.removed)
		})
	}
}

// TestOrderOfTwoFormalMotions: återremiss and bordläggning each go
// against avslag, in the order's numbered list and the protokoll alike;
// neither is "first" when both are listed.
func TestOrderOfTwoFormalMotions(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "lang sv")
	h.do("ann", "next item")
	h.do("bo", `yrka --formellt "att ärendet återremitteras till styrelsen"`)
	h.do("cy", `ordningsyrkande "att ärendet bordläggs"`)
	h.do("dan", `yrka "att budgeten fastställs"`)
	got := h.do("ann", "propositionsordning")
	wantContains(t, got, "Ordningsyrkande 1 mot avslag: bifalls det avgörs ärendet inte i dag.\n"+
		"Ordningsyrkande 2 mot avslag: bifalls det avgörs ärendet inte i dag.\nYrkande 3 mot avslag.")
	for range 3 {
		h.do("ann", "finner avslag")
		h.fired(30 * time.Second)
	}
	got = h.do("ann", "protokoll")
	wantContains(t, got, "som mötet godkände: Ordningsyrkande 1 mot avslag: bifalls det avgörs ärendet inte i dag. "+
		"Ordningsyrkande 2 mot avslag: bifalls det avgörs ärendet inte i dag. Yrkande 3 mot avslag.")
	if strings.Contains(got, "Först") {
		t.Errorf("the protokoll puts two formal motions each first:\n%s", got)
	}
}

// TestFindingDuringAVotering: while the votering's poll is open, the
// chair's finding and a second demand are refused, naming the poll and
// how the chair ends it.
func TestFindingDuringAVotering(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"sv", "Votering pågår redan i den här frågan: omröstning #1. Ordföranden stänger den med `omröstning stäng`, och resultatet avgör frågan."},
		{"en", "A counted vote is already under way on this question: poll #1. The chair closes it with `poll close`, and its result decides the question."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarnessWith(t, annual)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tt.lang)
			h.do("ann", "next item")
			h.do("bo", `yrka "att föreningen bygger en klubbstuga"`)
			h.do("ann", "proposition")
			h.do("ann", "declare 1")
			h.do("cy", "demand vote")
			for _, c := range []struct{ user, cmd string }{{"ann", "declare 1"}, {"dan", "demand vote"}} {
				if got := strings.TrimSpace(h.sameState(c.user, c.cmd)); got != tt.want {
					t.Errorf("%s> %s during the votering:\n got %q\nwant %q", c.user, c.cmd, got, tt.want)
				}
			}
		})
	}
}

func TestDemandVoteOnlyFromTheRegister(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "register open")
	h.do("bo", "here")
	h.do("ann", "register close")
	h.do("bo", `propose "that we go home"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	wantContains(t, h.refused("guest", "demand vote"), "You are not on the voting register")
	wantContains(t, h.do("bo", "demand vote"), "Bo demands a counted vote")
	wantContains(t, h.refused("guest", "vote 1"), "You are not on the voting register")
}

func TestDemandVoteByButton(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("bo", `propose "that we go home"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	msg, err := h.bot.Render(context.Background(), bot.Outgoing{Channel: channel, Reply: chat.Reply{Key: "question/1", Refresh: true}})
	if err != nil || len(msg.Buttons) != 1 || msg.Buttons[0].Action != chat.ActionDemandVote {
		t.Fatalf("the declared question = %+v, %v; want a button to demand a vote", msg, err)
	}
	resp := h.req(bot.Request{User: "cy", Action: &chat.Action{ID: chat.ActionDemandVote}})
	wantContains(t, replyText(resp), "Cy demands a counted vote")
}

// The nudge about someone speaking again counts the current item, as the
// queue does: what was said on an earlier item does not count.
func TestNudgeCountsTheItem(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start board")
	h.do("cy", `note "here"`) // Cy takes part, but does not speak
	h.do("bo", "hand")
	h.do("ann", "next")
	h.do("bo", "done")
	h.do("ann", "next item")
	resp := h.req(bot.Request{User: "bo", Text: "hand"})
	for _, r := range resp.Replies {
		if r.To == chat.Recipient && strings.Contains(r.Message.Text, "asks to speak again") {
			t.Errorf("Bo was taken for speaking again on a new item: %q", r.Message.Text)
		}
	}
	h.do("ann", "next")
	h.do("bo", "done")
	resp = h.req(bot.Request{User: "bo", Text: "hand"})
	wantContains(t, replyText(resp), "Bo asks to speak again while 1 person has not spoken yet.")
}

func TestWithdrawAndCloseProposals(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("bo", `yrka "att a"`)
	h.do("cy", `yrka --amends 1 "att b"`)
	wantContains(t, h.do("bo", "återta 1"), "Bo withdraws proposal 1: att a")
	wantContains(t, h.do("dan", "yrkanden"), "att a · Bo · withdrawn", "Amendment to 1: att b · Cy · withdrawn")
	wantContains(t, h.refused("dan", "support 1"), "Proposal 1 has been withdrawn.")
	wantContains(t, h.refused("ann", "proposition"), "There are no proposals on this item to vote on.")
	h.do("dan", `yrka "att c"`)
	wantContains(t, h.refused("dan", "proposals close"), "Only the chair can do that")
	wantContains(t, h.do("ann", "yrkanden stäng"), "The list of proposals is closed: 1 proposal stands.")
	wantContains(t, h.refused("eve", `yrka "att d"`), "The list of proposals is closed.")
	wantContains(t, h.do("ann", "proposition"), "Proposal 3 against rejection.", "Whoever supports proposal 3: att c says yes.", "Whoever rejects proposal 3 says yes.")
	wantContains(t, h.refused("bo", `yrka "att e"`), "The voting on this item is under way")
}

// TestCounterVoteChoosesTheMotforslag: a kontrapropositionsvotering
// decides nothing; found or counted, it chooses the motförslag, and the
// huvudvotering follows.
func TestCounterVoteChoosesTheMotforslag(t *testing.T) {
	for _, tt := range []struct {
		lang, found, counted string
		notDecided           string
	}{
		{lang: "sv", found: "Ordföranden finner att mötet utsett yrkande 3: att avgiften är 500 kronor till motförslag.",
			counted: "Mötet har utsett yrkande 1: att avgiften är 300 kronor till motförslag med 2 röster mot 1.", notDecided: "bifallit"},
		{lang: "en", found: "The chair finds that the meeting chooses proposal 3: att avgiften är 500 kronor as the counter-proposal.",
			counted: "The meeting has chosen proposal 1: att avgiften är 300 kronor as the counter-proposal by 2 votes to 1.", notDecided: "decided for"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan")
			h.do("bo", `yrka "att avgiften är 300 kronor"`)
			h.do("cy", `yrka "att avgiften är 400 kronor"`)
			h.do("dan", `yrka "att avgiften är 500 kronor"`)
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 2")
			h.do("bo", "votering")
			got := h.do("ann", "finner 3") // yrkande 3, the second alternative
			wantContains(t, got, tt.found)
			if strings.Contains(got, tt.notDecided) {
				t.Errorf("the finding in a kontrapropositionsvotering reads as a decision:\n%s", got)
			}
			h.do("cy", "votering")
			h.do("ann", "rösta 1")
			h.do("bo", "rösta 1")
			h.do("dan", "rösta 3")
			got = h.do("ann", "poll close")
			wantContains(t, got, tt.counted, map[string]string{
				"sv": "Huvudvotering: yrkande 2 (huvudförslaget) mot yrkande 1 (motförslaget).",
				"en": "Final vote: proposal 2 (the main proposal) against proposal 1 (the counter-proposal).",
			}[tt.lang])
			if strings.Contains(got, tt.notDecided) {
				t.Errorf("the kontrapropositionsvotering's count reads as a decision:\n%s", got)
			}
			// The votering was demanded by the one who demanded it on the
			// main question, not by the chair who holds the huvudvotering.
			h.do("bo", "rösta 2")
			h.do("ann", "poll close")
			minutes := h.do("ann", "minutes")
			wantContains(t, minutes, map[string]string{
				"sv": "och fann att mötet bifallit yrkande 2. Votering begärdes av Bo. Yrkande 2 blev därmed huvudförslag",
				"en": "A counted vote was demanded by Bo. Proposal 2 thereby became the main proposal",
			}[tt.lang], map[string]string{
				"sv": "I huvudvoteringen ställdes yrkande 2, huvudförslaget, mot yrkande 1, motförslaget. Voteringen",
				"en": "In the main vote, proposal 2, the main proposal, was put against proposal 1, the counter-proposal.",
			}[tt.lang])
			if strings.Contains(minutes, "by Ann") || strings.Contains(minutes, "av Ann") {
				t.Errorf("the minutes name the chair as having demanded a votering:\n%s", minutes)
			}
		})
	}
}

// TestVoteringOpenOrSecret: a votering follows the meeting's polls
// (anonymous, or secret) unless the one who demands it asks for an open
// one (names recorded) or a secret ballot; asking for both is refused.
func TestVoteringOpenOrSecret(t *testing.T) {
	secretPolls := annual
	secretPolls.Polls.Visibility = facilitation.Secret
	for _, tt := range []struct {
		lang, demand, want string
		secret             bool // the meeting's polls default to secret
	}{
		{lang: "en", demand: "demand vote", want: "anonymous: only the counts are shown"},
		{lang: "en", demand: "demand vote --open", want: "open: everyone sees who voted what"},
		{lang: "sv", demand: "votering öppen", want: "öppen: alla ser vem som röstat på vad"},
		{lang: "sv", demand: "begär votering öppen", want: "öppen: alla ser vem som röstat på vad"},
		{lang: "sv", demand: "votering sluten", want: "sluten omröstning: ingen kan se vem som röstat på vad"},
		{lang: "en", demand: "demand vote --open --secret", want: "Usage: `demand vote [--secret|--open]`"},
		{lang: "en", demand: "demand vote", secret: true, want: "secret ballot: nobody can tell who voted what"},
		{lang: "en", demand: "demand vote --open", secret: true, want: "open: everyone sees who voted what"},
		{lang: "sv", demand: "votering öppen", secret: true, want: "öppen: alla ser vem som röstat på vad"},
		{lang: "sv", demand: "votering sluten", secret: true, want: "sluten omröstning: ingen kan se vem som röstat på vad"},
	} {
		name := tt.demand
		if tt.secret {
			name += " (secret by default)"
		}
		t.Run(name, func(t *testing.T) {
			tmpl := annual
			if tt.secret {
				tmpl = secretPolls
			}
			h := newHarnessWith(t, tmpl)
			h.do("ann", "start annual")
			h.do("ann", "lang "+tt.lang)
			h.do("bo", `propose "att vi går hem"`)
			h.do("ann", "proposition")
			h.do("ann", "declare 1")
			if strings.HasPrefix(tt.want, "Usage") {
				wantContains(t, h.sameState("cy", tt.demand), tt.want)
				return
			}
			wantContains(t, h.do("cy", tt.demand), tt.want)
		})
	}
}

// TestOpenVoteringSurvivesRestart: an open votering demanded among three
// proposals is held open in the huvudvotering after the kontrapropositions-
// votering, even when the bot restarted in between.
func TestOpenVoteringSurvivesRestart(t *testing.T) {
	h := newDurableHarness(t, annual) // polls anonymous by default
	h.do("ann", "start annual")
	h.do("bo", `propose "att avgiften är 300 kronor"`)
	h.do("cy", `propose "att avgiften är 400 kronor"`)
	h.do("dan", `propose "att avgiften är 500 kronor"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 2")
	h.do("bo", "demand vote --open")
	h.reopen()
	h.do("ann", "declare 1")
	got := h.do("ann", "declare 1") // ends the window: the huvudvotering is held
	wantContains(t, got, "Final vote: proposal 2 (the main proposal) against proposal 1 (the counter-proposal).",
		"open: everyone sees who voted what")
}

// TestDecisionFiguresSayWhatFor: the figures under a counted decision say
// what they are for: for the proposal and against it when it met avslag,
// whichever carried, and for each proposal when two met.
func TestDecisionFiguresSayWhatFor(t *testing.T) {
	for _, tt := range []struct {
		name, lang string
		proposals  []string
		votes      string // ann, bo, cy, dan, eve in turn ("-" does not vote)
		want       string
	}{
		{"avslag carried", "sv", []string{"att avslå motionen"}, "1 1 2 2 2",
			"Beslut 1: att avslå yrkandet ”att avslå motionen” (votering: 2 röster för yrkandet och 3 emot)"},
		{"avslag carried (en)", "en", []string{"att avslå motionen"}, "1 1 2 2 2",
			"Decision 1: that the proposal “att avslå motionen” be rejected (counted: 2 votes for the proposal and 3 against)"},
		{"bifall carried", "sv", []string{"att bifalla motionen"}, "1 1 1 2 blank",
			"Beslut 1: att bifalla motionen (votering: 3 röster för yrkandet och 1 emot, 1 blank röst)"},
		{"proposal against proposal, the chair's vote breaks the tie", "sv", []string{"att bifalla motionen", "att avslå motionen"}, "1 2 1 2 -",
			"(votering: 2 röster för yrkande 1 och 2 för yrkande 2)"},
		{"proposal against proposal (en)", "en", []string{"att bifalla motionen", "att avslå motionen"}, "2 2 1 2 -",
			"Decision 1: att avslå motionen (counted: 3 votes for proposal 2 and 1 for proposal 1)"},
		{"one vote", "sv", []string{"att bifalla motionen", "att avslå motionen"}, "2 - - - -",
			"(votering: 1 röst för yrkande 2 och 0 för yrkande 1)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan", "eve")
			for i, p := range tt.proposals {
				h.do([]string{"bo", "cy"}[i], `yrka "`+p+`"`)
			}
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 1")
			h.do("dan", "votering")
			for i, n := range strings.Fields(tt.votes) {
				if n != "-" {
					h.do([]string{"ann", "bo", "cy", "dan", "eve"}[i], "vote "+n)
				}
			}
			wantContains(t, h.do("ann", "poll close"), tt.want)
		})
	}
}

// TestRivalAmendmentsMeetFirst: two ändringsyrkanden to the same wording
// are put against each other first (kontraproposition), counted if a
// votering is demanded, and only the one chosen is put against the
// wording; the decision reads in its wording, and the protokoll narrates
// each question.
func TestRivalAmendmentsMeetFirst(t *testing.T) {
	h := withRegister(t, "sv", "ann", "bo", "cy", "dan")
	h.do("bo", `yrka "att avgiften höjs till 400 kronor"`)
	h.do("cy", `ändringsyrkande 1 "att avgiften höjs till 350 kronor"`)
	h.do("dan", `ändringsyrkande 1 "att avgiften höjs till 450 kronor"`)
	wantContains(t, h.do("ann", "propositionsordning"),
		"Ändringsyrkandena 2 och 3 ändrar samma lydelse i yrkande 1: de ställs först mot varandra i kontraproposition, och det som vinner ställs mot lydelsen.",
		"Ändringsyrkandena 2 och 3 ändrar samma lydelse: det som bifalls här ställs sedan mot lydelsen i yrkande 1.",
		"Den som bifaller yrkande 2: att avgiften höjs till 350 kronor säger ja.", "Den som bifaller yrkande 3: att avgiften höjs till 450 kronor säger ja.")
	h.do("ann", "finner 2")
	h.do("dan", "votering")
	h.do("ann", "rösta 3")
	h.do("bo", "rösta 3")
	h.do("cy", "rösta 2")
	wantContains(t, h.do("ann", "omröstning stäng"),
		"Mötet har utsett yrkande 3: att avgiften höjs till 450 kronor till motförslag med 2 röster mot 1.",
		"Ändringsyrkande 3 avgörs före det yrkande det ändrar.")
	h.do("ann", "finner 3")
	got := h.fired(30 * time.Second)
	wantContains(t, got, "Den som bifaller yrkande 1 med ändringen i yrkande 3: att avgiften höjs till 450 kronor säger ja.")
	if strings.Contains(got, "350") {
		t.Errorf("the main question offers the change the meeting did not choose:\n%s", got)
	}
	h.do("ann", "finner 1")
	wantContains(t, h.fired(30*time.Second), "Beslut 1: att avgiften höjs till 450 kronor")
	minutes := h.do("ann", "protokoll")
	wantContains(t, minutes, "Ordföranden ställde yrkande 2 mot yrkande 3 och fann att mötet utsett yrkande 2 till motförslag.",
		"Votering begärdes av Dan.", "utsett yrkande 3 till motförslag",
		"Ordföranden ställde ändringsyrkande 3 mot lydelsen i yrkande 1", "att avgiften höjs till 450 kronor")
	if strings.Contains(minutes, "ställde ändringsyrkande 2 mot lydelsen") {
		t.Errorf("the protokoll puts the change that lost against the wording:\n%s", minutes)
	}
}

// TestAttSatserOneByOne: a motion's att-satser are decided one question
// at a time on one item. Once the first is decided, its proposals are
// done with: new proposals make the next question, a second
// propositionsordning puts only them, and each decision is minuted with
// its own questions.
func TestAttSatserOneByOne(t *testing.T) {
	h := withRegister(t, "sv", "ann", "bo", "cy", "dan")
	h.do("bo", `yrka "att föreningen bygger en klubbstuga"`)
	h.do("ann", "propositionsordning")
	h.do("ann", "finner 1")
	wantContains(t, h.fired(30*time.Second), "Beslut 1: att föreningen bygger en klubbstuga",
		"Har punkten fler frågor, till exempel motionens nästa att-sats, yrkar man på nytt, och sedan skriver ordföranden `propositionsordning` igen.")
	wantContains(t, h.do("cy", `yrka "att bygget kostar högst 500 000 kronor"`), "Yrkande 2")
	wantContains(t, h.sameState("dan", `ändringsyrkande 1 "att föreningen bygger en bastu"`), "Yrkande 1 avgjordes i en tidigare fråga i punkten")
	h.do("dan", `ändringsyrkande 2 "att bygget kostar högst 400 000 kronor"`)
	wantContains(t, h.do("ann", "yrkanden"), "att föreningen bygger en klubbstuga · Bo · avgjort")
	got := h.do("ann", "propositionsordning")
	wantContains(t, got, "Ändringsyrkande 3 mot lydelsen i yrkande 2.", "Yrkande 2 mot avslag.")
	if strings.Contains(got, "yrkande 1") {
		t.Errorf("the second question puts the first's proposal again:\n%s", got)
	}
	h.do("ann", "finner 2") // the wording of 2 kept
	h.fired(30 * time.Second)
	h.do("ann", "finner avslag") // 2 rejected
	wantContains(t, h.fired(30*time.Second), "Beslut 2: att avslå yrkandet ”att bygget kostar högst 500 000 kronor”")
	minutes := h.do("ann", "protokoll")
	wantContains(t, minutes, "att föreningen bygger en klubbstuga", "Ordföranden ställde ändringsyrkande 3 mot lydelsen i yrkande 2")
	if strings.Count(minutes, "Ordföranden föreslog följande propositionsordning") != 2 {
		t.Errorf("the protokoll does not give each question its own propositionsordning:\n%s", minutes)
	}
}

// TestDecidedGuardOnAnOldRecord: a meeting stored before proposals kept
// which were settled (Settled 0 though its question was decided) still
// refuses to put the decided proposals again.
func TestDecidedGuardOnAnOldRecord(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("ann", "next item")
	h.do("bo", `propose "att föreningen bygger en klubbstuga"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	h.fired(30 * time.Second)
	h.editRunning(func(m *facilitation.Meeting) { m.Proposals[m.CurrentItemID()].Settled = 0 }) // as an older Klubba stored it
	wantContains(t, h.sameState("ann", "proposition"), "The proposals on this item have been decided: decision 1.")
}

// TestVoteWindowWaitsOutAnAdjournment: the window for demanding a
// votering stops while the meeting is adjourned, as its other clocks
// do: no finding becomes a decision meanwhile, the chair finds nothing,
// and after the resumption what was left of the window is left to run.
func TestVoteWindowWaitsOutAnAdjournment(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("bo", `propose "that we buy coffee"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	h.drain()
	h.clock.Advance(10 * time.Second)
	h.do("ann", "ajournera 10m")
	wantContains(t, h.refused("ann", "declare 1"), "The meeting is adjourned.")
	if got := h.fired(time.Minute); strings.Contains(got, "Decision") {
		t.Errorf("a decision while adjourned: %q", got)
	}
	h.do("ann", "resume")
	h.drain()
	if got := h.fired(15 * time.Second); strings.Contains(got, "Decision") {
		t.Errorf("the window closed early after the resumption: %q", got)
	}
	wantContains(t, h.do("cy", "demand vote"), "demands a counted vote")

	// Left undemanded, the window closes 30s after the declaration, not
	// counting the adjournment.
	h = newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("bo", `propose "that we buy tea"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	h.clock.Advance(10 * time.Second)
	h.do("ann", "ajournera")
	h.fired(time.Minute)
	h.do("ann", "resume")
	h.drain()
	if got := h.fired(19 * time.Second); strings.Contains(got, "Decision") {
		t.Errorf("decided 29s after the declaration: %q", got)
	}
	wantContains(t, h.fired(time.Second), "Decision 1: that we buy tea")
}

// TestEndWithAQuestionLeft: the meeting does not end past a question of
// a propositionsordning: a finding whose window is open (the decision
// would never be minuted), or a question not found at all. Forced, the
// chair's finding stands and is minuted.
func TestEndWithAQuestionLeft(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("bo", `propose "that we buy coffee"`)
	h.do("ann", "proposition")
	wantContains(t, h.sameState("ann", "end --force"), "The question on “Opening” is not decided. Decide it first with `declare N`.")
	h.do("ann", "declare 1")
	wantContains(t, h.sameState("ann", "end"), "a counted vote may still be demanded", "`end --force`")
	got := h.do("ann", "end --force")
	wantContains(t, got+h.drain(), "Decision 1: that we buy coffee")
	wantContains(t, h.do("ann", "minutes"), "that we buy coffee")
}

// TestVoteringNobodyVoted: a demanded votering closed with no votes
// leaves the chair's finding standing, and says so, not that the
// meeting decided "by 0 votes to 0".
func TestVoteringNobodyVoted(t *testing.T) {
	h := newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("bo", `propose "that X"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	h.do("cy", "demand vote")
	got := h.do("ann", "poll close")
	wantContains(t, got, "Nobody voted in the counted vote, so the chair's finding stands: the meeting has decided for proposal 1: that X.")
	if strings.Contains(got, "0 votes to 0") {
		t.Errorf("an empty votering reported as a count:\n%s", got)
	}

	// A blank vote is a vote: that votering was not empty.
	h = newHarnessWith(t, annual)
	h.do("ann", "start annual")
	h.do("bo", `propose "that Y"`)
	h.do("ann", "proposition")
	h.do("ann", "declare 1")
	h.do("cy", "demand vote")
	h.do("bo", "vote blank")
	if got := h.do("ann", "poll close"); strings.Contains(got, "Nobody voted") {
		t.Errorf("a votering with a blank vote said nobody voted:\n%s", got)
	}
}

// TestAlternativesByProposalNumber: in a formal question, one types the
// yrkande's number (finner 3, rösta 3, utslagsröst 4), never its place in
// the question, and avslag by its word. With an ordningsyrkande as
// yrkande 1 and main proposals 2-4, finner 3 finds yrkande 3 (it found
// yrkande 4, the third alternative); a number naming no alternative is
// refused, naming the question's alternatives.
func TestAlternativesByProposalNumber(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			tr := func(sv, en string) string { return map[string]string{"sv": sv, "en": en}[lang] }
			h := withRegister(t, lang, "ann", "bo", "cy", "dan")
			h.do("bo", `yrka --formellt "att bordlägga frågan"`)
			h.do("ann", `yrka "att avgiften är 100 kr"`)
			h.do("bo", `yrka "att avgiften är 200 kr"`)
			h.do("cy", `yrka "att avgiften är 300 kr"`)
			wantContains(t, h.do("ann", "propositionsordning"), tr("1. Den som bifaller yrkande 1: att bordlägga frågan säger ja.\navslag. Den som avslår yrkande 1 säger ja.",
				"1. Whoever supports proposal 1: att bordlägga frågan says yes.\nreject. Whoever rejects proposal 1 says yes."),
				tr("där N är yrkandets nummer, eller med `finner avslag`", "N being the proposal's number, or with `declare reject`"))
			wantContains(t, h.sameState("ann", "finner 3"), tr("Yrkande 3 är inget alternativ i frågan. Frågan gäller yrkande 1 och avslag.",
				"Proposal 3 is not an alternative in this question. The question is between proposal 1 and rejection (`reject`)."))
			// 2 is the place of avslag, but yrkande 2 is another proposal: refused, not taken as avslag.
			wantContains(t, h.sameState("ann", "finner 2"), tr("Yrkande 2 är inget alternativ i frågan.", "Proposal 2 is not an alternative in this question."))
			wantContains(t, h.do("ann", "finner avslag"), tr("Ordföranden finner att mötet avslagit ordningsyrkandet (yrkande 1)",
				"The chair finds that the meeting rejects the formal motion (proposal 1)"))
			wantContains(t, h.fired(30*time.Second), tr("3. Den som bifaller yrkande 3: att avgiften är 200 kr säger ja.", "3. Whoever supports proposal 3: att avgiften är 200 kr says yes."))

			// The main question: finner 3 finds yrkande 3.
			wantContains(t, h.do("ann", "finner 3"), tr("Ordföranden finner att mötet bifallit yrkande 3: att avgiften är 200 kr.",
				"The chair finds that the meeting supports proposal 3: att avgiften är 200 kr."))
			h.do("dan", "votering")
			// The kontrapropositionsvotering between yrkande 2 and 4.
			wantContains(t, h.sameState("ann", "finner 3"), tr("Frågan gäller yrkandena 2 och 4.", "The question is between proposals 2 and 4."))
			wantContains(t, h.do("ann", "finner 4"), tr("Ordföranden finner att mötet utsett yrkande 4: att avgiften är 300 kr till motförslag.",
				"The chair finds that the meeting chooses proposal 4: att avgiften är 300 kr as the counter-proposal."))
			got := h.do("ann", "finner 4")
			wantContains(t, got, tr("Huvudvotering: yrkande 3 (huvudförslaget) mot yrkande 4 (motförslaget).", "Final vote: proposal 3 (the main proposal) against proposal 4 (the counter-proposal)."),
				tr("3. yrkande 3: att avgiften är 200 kr", "3. proposal 3: att avgiften är 200 kr"), tr("4. yrkande 4: att avgiften är 300 kr", "4. proposal 4: att avgiften är 300 kr"))

			// The huvudvotering: rösta 3 is a vote for yrkande 3.
			wantContains(t, h.do("bo", "rösta 3"), tr("Din röst är registrerad: yrkande 3: att avgiften är 200 kr.", "Your vote is recorded: proposal 3: att avgiften är 200 kr."))
			wantContains(t, h.sameState("dan", "rösta 2"), tr("Frågan gäller yrkandena 3 och 4.", "The question is between proposals 3 and 4."))
			h.do("cy", "rösta 4")
			wantContains(t, h.do("ann", "omröstning stäng"), tr("utslagsröst", "casting"))
			wantContains(t, h.sameState("ann", "utslagsröst 2"), tr("Frågan gäller yrkandena 3 och 4.", "The question is between proposals 3 and 4."))
			got = h.do("ann", "utslagsröst 4")
			wantContains(t, got, tr("Mötet har bifallit yrkande 4: att avgiften är 300 kr", "The meeting has decided for proposal 4: att avgiften är 300 kr"),
				tr("Beslut 1: att avgiften är 300 kr", "Decision 1: att avgiften är 300 kr"))
		})
	}
}

// TestVoteringByProposalNumber: in an open or a secret votering between
// yrkande 1 and 3, rösta 3 is a vote for yrkande 3 (it counted for the
// second option, whichever that was), and rösta 2 is refused before any
// ballot is cast. The buttons keep the options' numbers.
func TestVoteringByProposalNumber(t *testing.T) {
	for _, tt := range []struct{ lang, demand, option, want string }{
		{"sv", "votering öppen", "3. yrkande 3: att c", "Mötet har bifallit yrkande 3: att c med 3 röster mot 1."},
		{"sv", "votering sluten", "3: yrkande 3: att c", "Mötet har bifallit yrkande 3: att c med 3 röster mot 1."},
		{"en", "demand vote --open", "3. proposal 3: att c", "The meeting has decided for proposal 3: att c by 3 votes to 1."},
		{"en", "demand vote --secret", "3: proposal 3: att c", "The meeting has decided for proposal 3: att c by 3 votes to 1."},
	} {
		t.Run(tt.lang+"/"+tt.demand, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan")
			h.do("bo", `yrka "att a"`)
			h.do("cy", `yrka "att b"`)
			h.do("dan", `yrka "att c"`)
			h.do("cy", "återta 2")
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 1")
			wantContains(t, h.do("cy", tt.demand), tt.option)
			refusal := map[string]string{"sv": "Yrkande 2 är inget alternativ i frågan. Frågan gäller yrkandena 1 och 3.",
				"en": "Proposal 2 is not an alternative in this question. The question is between proposals 1 and 3."}[tt.lang]
			wantContains(t, h.sameState("ann", "rösta 2"), refusal)
			h.votes(map[string]string{"ann": "3", "bo": "3", "cy": "1"})
			// A button's value is still the option's number: 2, the second, yrkande 3.
			if r := h.req(bot.Request{User: "dan", Action: &chat.Action{ID: chat.ActionVote, Value: "1:2"}}); r.Refused {
				t.Fatalf("the button for yrkande 3 was refused: %s", replyText(r))
			}
			wantContains(t, h.do("ann", "omröstning stäng"), tt.want)
		})
	}
}

// TestAvslagByItsWord: avslag is typed as its word, in a finding and in a
// votering; in a question between two proposals there is no avslag.
func TestAvslagByItsWord(t *testing.T) {
	for _, tt := range []struct{ lang, find, vote, found, counted, none string }{
		{"sv", "finner avslag", "rösta avslag", "Ordföranden finner att mötet avslagit yrkande 1.", "Beslut 1: att avslå yrkandet ”att a”",
			"Avslag är inget alternativ i frågan. Frågan gäller yrkandena 1 och 2."},
		{"en", "declare reject", "vote reject", "The chair finds that the meeting rejects proposal 1.", "Decision 1: that the proposal “att a” be rejected",
			"Rejection is not an alternative in this question. The question is between proposals 1 and 2."},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy")
			h.do("bo", `yrka "att a"`)
			h.do("ann", "propositionsordning")
			wantContains(t, h.do("ann", tt.find), tt.found)
			h.do("bo", "votering")
			h.do("ann", tt.vote)
			h.do("cy", tt.vote)
			h.do("bo", "rösta 1")
			wantContains(t, h.do("ann", "omröstning stäng"), tt.counted)

			h.do("ann", "nästa punkt")
			h.do("bo", `yrka "att a"`)
			h.do("cy", `yrka "att b"`)
			h.do("ann", "propositionsordning")
			wantContains(t, h.sameState("ann", tt.find), tt.none)
		})
	}
}

// TestVoteringMajorityNamesTheProposal: a votering that needs a qualified
// majority names the proposal that needs it by its number, as its voters
// type it, not as the poll's first option.
func TestVoteringMajorityNamesTheProposal(t *testing.T) {
	for _, tt := range []struct{ lang, demand, want string }{
		{"sv", "votering", "yrkande 2 kräver två tredjedelars majoritet"},
		{"en", "demand vote", "proposal 2 needs a two-thirds majority"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy")
			h.do("ann", "kvalificerad majoritet 2/3")
			h.do("bo", `yrka "att a"`)
			h.do("bo", "återta 1")
			h.do("cy", `yrka "att b"`)
			h.do("ann", "propositionsordning")
			h.do("ann", "finner 2")
			wantContains(t, h.do("bo", tt.demand), tt.want, "2. ")
		})
	}
}
