package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// registerOf lists who is on the running meeting's register.
func (h *harness) registerOf() string {
	h.t.Helper()
	var out []string
	h.store.View(context.Background(), func(tx bot.Tx) error {
		m, err := tx.Running(channel)
		if err != nil {
			return nil
		}
		members, _ := tx.RegisterMembers(m.ID)
		for _, p := range members {
			out = append(out, p.ID)
		}
		return nil
	})
	return strings.Join(out, ",")
}

// TestCountingRules runs the review's examples through the bot: what the
// room is told.
func TestCountingRules(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")

	// Ja 2, Nej 1, Avstår 3: Yes carries 2–1, the abstentions are reported.
	h.do("ann", `poll yesno "Bifall?"`)
	for i, v := range []string{"1", "1", "2", "3", "3", "3"} {
		h.do(fmt.Sprintf("m%d", i), "vote "+v)
	}
	got := h.do("ann", "poll close")
	wantContains(t, got, "**Yes** carries with 2 of 3 votes cast for a choice (66.7%).", "Not counted for any choice: 3 abstentions.", "6 votes")
	if strings.Contains(got, "Abstain**") {
		t.Errorf("the abstentions win:\n%s", got)
	}

	// Three seats among four, secret: Ada and Bo are elected, Cia and Dan
	// tie for the third seat until the chair draws lots.
	h.do("ann", `poll "Val av tre ledamöter" "Ada" "Bo" "Cia" "Dan" --multi 3 --secret`)
	for i, v := range []string{"1 2 3", "1 2 4", "1 2", "3 4"} {
		h.do(fmt.Sprintf("m%d", i), "vote "+v)
	}
	got = h.do("ann", "poll close")
	wantContains(t, got, "Most votes: **Ada and Bo**.", "Cia and Dan are tied for the last seat: the chair draws lots with `poll draw`.")
	wantContains(t, h.refused("bo", "poll draw"), "Only the chair")
	got = h.do("ann", "poll draw")
	if !strings.Contains(got, "Lots drawn between Cia and Dan for the last seat: **Cia** is elected.") &&
		!strings.Contains(got, "Lots drawn between Cia and Dan for the last seat: **Dan** is elected.") {
		t.Errorf("poll draw:\n%s", got)
	}
	wantContains(t, got, "Most votes: **Ada, Bo and")
	wantContains(t, h.refused("ann", "poll draw"), "has no tie that needs lots")
	wantContains(t, h.do("ann", "minutes"), "Lots were drawn between Cia and Dan")

	// The chair's casting vote: the chair voted No in a 1–1 tie.
	h.do("ann", `poll yesno "Coffee?"`)
	h.do("ann", "vote 2")
	h.do("bo", "vote 1")
	wantContains(t, h.do("ann", "poll close"), "**No** wins", "the chair's casting vote (Ann) decided")

	// Interim results say so.
	h.do("ann", `poll "Tea?" "Green" "Black"`)
	h.do("bo", "vote 1")
	wantContains(t, h.do("bo", "poll results"), "Interim results of poll", "Interim: the poll is still open")

	// Blank votes count in the turnout and for nobody.
	h.do("bo", "vote blank")
	got = h.do("ann", "poll close")
	wantContains(t, got, "No vote was cast for a choice.", "Not counted for any choice: 1 blank vote.", "1 vote")
	if strings.Contains(got, "Nobody voted") {
		t.Errorf("a blank vote reads as nobody voting:\n%s", got)
	}
}

func TestRegisterAndJav(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	wantContains(t, h.refused("ann", `poll yesno "Q?" --register`), "which is not set yet")
	wantContains(t, h.refused("bo", "here"), "Check-in to the voting register is not open")
	wantContains(t, h.refused("bo", "register open"), "Only the chair")
	resp := h.req(bot.Request{User: "ann", Text: "register open"})
	if b := resp.Replies[0].Message.Buttons; len(b) != 1 || b[0].Action != chat.ActionHere {
		t.Errorf("register open: buttons %+v, want one Here button", b)
	}
	wantContains(t, h.do("bo", "here"), "You are on the voting register (1 member so far).")
	wantContains(t, h.do("bo", "here"), "You are already on the voting register.")
	// The Here button is the same command.
	if resp := h.req(bot.Request{User: "cy", Action: &chat.Action{ID: chat.ActionHere}}); resp.Refused {
		t.Fatalf("Here button refused: %+v", resp)
	}
	h.do("dan", "närvarande")
	wantContains(t, h.do("ann", "register add @eve @bo"), "Added to the register: eve. It now has 4.")
	wantContains(t, h.do("ann", "register close"), "The register is set at 4 voting members.")
	wantContains(t, h.refused("fay", "here"), "already set")
	if got := h.registerOf(); got != "bo,cy,dan,eve" {
		t.Errorf("register = %s", got)
	}
	wantContains(t, h.do("bo", "register"), "The register was set at 18:00 with 4 voting members.")
	if got := h.do("bo", "register"); strings.Contains(got, "dan") {
		t.Errorf("a member sees the register's names:\n%s", got)
	}
	wantContains(t, h.do("ann", "register"), "Bo\nCy\nDan\neve")

	// A register poll with jäv: eve is excluded; fay is not on the register.
	h.do("ann", `poll yesno "Ansvarsfrihet?" --register --exclude @eve`)
	wantContains(t, h.refused("fay", "vote 1"), "You are not on the voting register")
	wantContains(t, h.refused("eve", "vote 1"), "You are excluded from this vote")
	wantContains(t, h.do("bo", "vote 1"), "Your vote is recorded: Yes.")
	wantContains(t, h.do("ann", "poll results"), "1 of 3 have voted")

	// A later adjustment is announced and goes into the minutes.
	wantContains(t, h.do("ann", "register remove @dan"), "The register is adjusted. Taken off the register: Dan. It now has 3.")
	wantContains(t, h.refused("dan", "vote 1"), "You are not on the voting register")
	min := h.do("ann", "minutes")
	wantContains(t, min, "The voting register was set at 18:00 with 4 voting members.", "18:00: the register was adjusted, Dan taken off (3 voting).")
}

func TestPollsBelongToTheirMeeting(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", `poll yesno "Secret?" --secret`)
	h.do("bo", "vote 1")
	wantContains(t, h.refused("ann", "end"), "A poll is still open: #1 “Secret?”", "end --force")
	got := h.do("ann", "end --force")
	wantContains(t, got, "Results of poll #1", "closed as the meeting ended", "Meeting ended")
	if strings.Contains(got, "Still open") {
		t.Errorf("the minutes say a poll is still open:\n%s", got)
	}
	h.do("ann", "start")
	wantContains(t, h.refused("bo", "vote #1 2"), "Poll #1 belongs to a meeting that has ended")
	wantContains(t, h.refused("ann", "poll close #1"), "belongs to a meeting that has ended")
	wantContains(t, h.refused("ann", "poll draw #1"), "belongs to a meeting that has ended")
	wantContains(t, h.do("bo", "poll results #1"), "Results of poll #1") // reading is fine
}

// TestEndLeavesNoResultWaiting: end refuses while a count waits for lots
// or for the chair's casting vote, naming the poll, as nothing could
// settle it after the end. end --force draws the lots but never gives
// the casting vote; a refusal changes nothing.
func TestEndLeavesNoResultWaiting(t *testing.T) {
	for _, tt := range []struct {
		name, lang string
		setup      []string // by ann unless "who> "
		end        string
		refused    string   // the refusal, if refused
		wants      []string // what an end that goes through says
	}{
		{name: "lots", lang: "en", setup: []string{`poll elect 1 "Chair" "A" "B"`, "bo> vote 1", "cy> vote 2", "poll close"},
			end: "end", refused: "The meeting cannot end yet: a result is not settled: poll #1 “Chair” waits for lots to be drawn (`poll draw`)."},
		{name: "lottning", lang: "sv", setup: []string{`poll elect 1 "Ordförande" "A" "B"`, "bo> vote 1", "cy> vote 2", "poll close"},
			end: "avsluta", refused: "Mötet kan inte avslutas ännu, för ett resultat är inte avgjort: omröstning #1 ”Ordförande” väntar på lottning (`lottning`)."},
		{name: "lots, forced", lang: "en", setup: []string{`poll elect 1 "Chair" "A" "B"`, "bo> vote 1", "cy> vote 2", "poll close"},
			end: "end --force", wants: []string{"Lots drawn between A and B: **", "Meeting ended"}},
		{name: "open, forced: lots", lang: "en", setup: []string{`poll elect 1 "Chair" "A" "B"`, "bo> vote 1", "cy> vote 2"},
			end: "end --force", wants: []string{"closed as the meeting ended", "Lots drawn between A and B: **", "Meeting ended"}},
		{name: "casting", lang: "en", setup: []string{`poll yesno "Fika?"`, "bo> vote 1", "cy> vote 2", "poll close"},
			end: "end", refused: "poll #1 “Fika?” waits for the chair's casting vote (`casting N`)."},
		{name: "casting and an open poll: both named", lang: "en", setup: []string{`poll yesno "Fika?"`, "bo> vote 1", "cy> vote 2", "poll close", `poll "Lunch?" "Pizza" "Sushi"`},
			end: "end", refused: "poll #1 “Fika?” waits for the chair's casting vote (`casting N`). A poll is still open: #2 “Lunch?”."},
		{name: "casting, forced", lang: "sv", setup: []string{`poll yesno "Fika?"`, "bo> vote 1", "cy> vote 2", "poll close"},
			end: "avsluta --force", refused: "omröstning #1 ”Fika?” väntar på ordförandens utslagsröst (`utslagsröst N`)."},
		{name: "open tie, forced", lang: "en", setup: []string{`poll yesno "Fika?"`, "bo> vote 1", "cy> vote 2"},
			end: "end --force", refused: "poll #1 “Fika?” is tied and would wait for the chair's casting vote: close it with `poll close` and give the casting vote with `casting N`."},
		{name: "counter-vote, forced", lang: "en", setup: []string{`bo> propose "att a"`, `cy> propose "att b"`, `dan> propose "att c"`,
			"proposition", "declare 2", "bo> demand vote", "declare 3", "cy> demand vote", "bo> vote 1"},
			end: "end --force", refused: "is a counter-vote, and the final vote remains."},
		{name: "counter-vote between amendments, forced", lang: "en", setup: []string{`bo> propose "att a"`, `cy> propose --amends 1 "att b"`, `dan> propose --amends 1 "att c"`,
			"proposition", "declare 2", "bo> demand vote", "bo> vote 2"},
			end: "end --force", refused: "is a counter-vote between amendments, and the question on the one chosen remains."},
		{name: "open tie, chair voted, forced", lang: "en", setup: []string{`poll yesno "Fika?"`, "bo> vote 1", "cy> vote 2", "vote 2", "dan> vote 1"},
			end: "end --force", wants: []string{"the chair's casting vote (Ann) decided", "Meeting ended"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			for _, c := range tt.setup {
				who, text, ok := strings.Cut(c, "> ")
				if !ok {
					who, text = "ann", c
				}
				h.do(who, text)
			}
			if tt.refused != "" {
				wantContains(t, h.sameState("ann", tt.end), tt.refused)
				return
			}
			wantContains(t, h.do("ann", tt.end), tt.wants...)
		})
	}
}

func TestVoteRefusalsChangeNothing(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", "register open")
	h.do("bo", "here")
	h.do("cy", "here")
	h.do("ann", "register close")
	h.do("ann", `poll elect 2 "Board" "Ada" "Bo" "Cia" --min 2 --register --exclude @cy`)
	h.do("ann", `poll elect 1 "Chair" "Ada" "Bo" "Cia" --method stv`)
	before := h.snapshot() + h.registerOf()
	for _, tt := range []struct{ user, cmd, want string }{
		{"bo", "vote #1 1", "Mark at least 2"},
		{"bo", "vote #1 1 2 3", "at most 2"},
		{"cy", "vote #1 1 2", "You are excluded"},
		{"dan", "vote #1 1 2", "not on the voting register"},
		{"bo", "vote #1 2 2", "twice"},
		{"ann", "poll draw #1", "once the poll is closed"},
		{"ann", "here", "already set"},
		{"ann", `poll "Q" "A" "A"`, "Options 1 and 2 are the same (“A”)"},
		{"ann", `poll "Q" "A" ""`, "Option 2 is empty"},
		{"ann", `poll elect 4 "Board" "Ada" "Bo"`, "Can't elect 4 among 2"},
		{"ann", `poll elect "Board" "Ada" "Bo"`, "is not a number"},
		{"ann", `poll elect 1 "Board" "Ada" "Bo" --method dhondt`, "I don't know the method “dhondt”"},
		{"ann", `poll ranked "Chair" "Ada" "Bo" --method stv`, "I don't know the method “stv”"},
		{"ann", `poll "Q" "A" "B" --exclude`, "Name the person with @"},
		{"ann", "register add", "Name the person with @"},
		{"ann", "register close", "already set"},
		{"ann", "register open", "already set"},
		{"ann", "end", "2 polls are still open"},
	} {
		if got := h.refused(tt.user, tt.cmd); !strings.Contains(got, tt.want) {
			t.Errorf("%s> %s: %q, want %q", tt.user, tt.cmd, got, tt.want)
		}
	}
	if after := h.snapshot() + h.registerOf(); after != before {
		t.Errorf("refusals changed the state:\nbefore %s\nafter  %s", before, after)
	}
}

func TestElectionsByMethod(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", `poll elect 2 "Board" "Ada" "Bo" "Cia" --method stv --secret`)
	for i, v := range []string{"1 2", "1 3", "1 2", "2 1", "3 2", "3"} {
		h.do(fmt.Sprintf("m%d", i), "vote "+v)
	}
	got := h.do("ann", "poll close")
	// 6 ballots, 2 seats: quota floor(6/3)+1 = 3. Ada has 3 first
	// preferences and is elected at once, with no surplus. Bo (1) is
	// excluded; his ballot's next preference is Ada, already elected, so
	// it is non-transferable, and Cia, alone left for the last seat, is
	// elected.
	wantContains(t, got, "Quota 3 (6 valid ballots, 2 seats)", "First preferences: Ada 3, Bo 1, Cia 2 · elected: Ada",
		"Bo excluded: Ada 3, Cia 2 · non-transferable 1 · elected: Cia", "Elected, in order: **Ada and Cia**.")

	h.do("ann", `poll ranked "Proposal" "X" "Y" "Z" --method schulze`)
	for i, v := range []string{"1 2 3", "1 2 3", "2 3 1", "3 1 2", "2 1 3"} {
		h.do(fmt.Sprintf("m%d", i), "vote "+v)
	}
	// X beats Y 3–2 and Z 3–2; Y beats Z 4–1.
	wantContains(t, h.do("ann", "poll close"), "**X** wins by the Schulze method.", "X 3 – 2 Y", "X 3 – 2 Z", "Y 4 – 1 Z")
}

// BenchmarkVoteRegister is a vote in a register poll, to compare with
// BenchmarkVote (the register costs one more read). Voters beyond the
// register's 20,000 would be refused, so keep -benchtime under that.
func BenchmarkVoteRegister(b *testing.B) {
	benchmarkVote(b, true)
}

// TestVoteringTieUtslagsrost: a counted vote (votering) that ties in a
// sakfråga is decided by the chair's casting vote (utslagsröst): the
// chair's own vote where the chair voted, else the one the chair gives
// with casting N; lots only in a secret ballot the chair voted in (which
// way is not known) or under polls.tie: lots.
func TestVoteringTieUtslagsrost(t *testing.T) {
	for _, tt := range []struct {
		name, lang, chair string
		secret, lots      bool
		wants             []string
	}{
		{name: "chair voted", lang: "en", chair: "vote 2", wants: []string{"the chair's casting vote (Ann) decided", "The meeting has decided for proposal 2"}},
		{name: "chair asked", lang: "en", wants: []string{"A tie. The chair, Ann, decides it with the casting vote: `casting 1` or `casting 2` (poll #1)."}},
		{name: "ordföranden tillfrågas", lang: "sv", wants: []string{"Lika röstetal. Ordföranden, Ann, avgör med sin utslagsröst: `utslagsröst 1` eller `utslagsröst 2` (omröstning #1)."}},
		{name: "secret, chair voted: lots", lang: "en", chair: "vote 2", secret: true, lots: true, wants: []string{"are tied: the chair draws lots with `poll draw`."}},
		{name: "secret, chair asked", lang: "en", secret: true, wants: []string{"A tie. The chair, Ann, decides it with the casting vote: `casting 1` or `casting 2` (poll #1)."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			h.do("bo", `propose "that the motion be adopted"`)
			h.do("cy", `propose "that the motion be rejected"`)
			h.do("ann", "proposition")
			h.do("ann", "declare 1")
			if tt.secret {
				h.do("cy", "demand vote --secret")
			} else {
				h.do("cy", "demand vote")
			}
			h.do("bo", "vote 1")
			h.do("cy", "vote 2")
			if tt.chair != "" {
				h.do("ann", tt.chair)
				h.do("dan", "vote 1")
			}
			got := h.do("ann", "poll close")
			wantContains(t, got, tt.wants...)
			if tt.chair != "" && !tt.lots {
				return
			}
			if strings.Contains(got, "decided for") || strings.Contains(got, "har bifallit") {
				t.Errorf("a tied votering was settled before the casting vote or the lot:\n%s", got)
			}
			if tt.lots {
				wantContains(t, h.do("ann", "poll draw"), "Lots drawn between", "The meeting has decided for proposal")
				return
			}
			wantContains(t, h.refused("bo", "casting 2"), map[string]string{"en": "Only the chair", "sv": "bara ordföranden"}[tt.lang])
			before := h.snapshot()
			h.refused("ann", "casting 3")
			if h.snapshot() != before {
				t.Error("a refused casting vote changed the meeting")
			}
			got = h.do("ann", "casting 2")
			if tt.lang == "sv" {
				wantContains(t, got, "Ann lägger sin utslagsröst på ”yrkande 2: that the motion be rejected”.",
					"Mötet har bifallit yrkande 2: that the motion be rejected med 1 röst mot 1. Ordförandens utslagsröst avgjorde.")
			} else {
				wantContains(t, got, "Ann gives the casting vote to “proposal 2: that the motion be rejected”.",
					"The meeting has decided for proposal 2: that the motion be rejected by 1 vote to 1. The chair's casting vote decided it.")
			}
		})
	}
}

// TestInterimTieNamesTheChair: an interim count of a tied votering is
// labelled interim, names the chair, and counts the chair's own vote as
// the casting vote it will be at the close.
func TestInterimTieNamesTheChair(t *testing.T) {
	for _, tt := range []struct {
		name, lang, chairVotes string
		want                   []string
	}{
		{name: "chair voted", lang: "sv", chairVotes: "1", want: []string{"Preliminärt resultat av omröstning #1",
			"Lika röstetal; står det lika när omröstningen stängs avgör ordförandens röst (Ann) som utslagsröst."}},
		{name: "chair voted", lang: "en", chairVotes: "1", want: []string{"Interim results of poll #1",
			"The votes are tied; if they still are when the poll closes, the chair's vote (Ann) decides it as the casting vote."}},
		{name: "chair not voted", lang: "sv", want: []string{"Preliminärt resultat av omröstning #1",
			"Står det lika när omröstningen stängs avgör ordföranden (Ann) med sin utslagsröst."}},
		{name: "chair not voted", lang: "en", want: []string{"Interim results of poll #1",
			"If the tie stands when the poll closes, the chair (Ann) decides it with the casting vote."}},
	} {
		t.Run(tt.name+"/"+tt.lang, func(t *testing.T) {
			h := newHarness(t)
			h.do("ann", "start")
			h.do("ann", "lang "+tt.lang)
			h.do("bo", `propose "that the fee be 300"`)
			h.do("ann", "proposition")
			h.do("ann", "declare 1")
			h.do("cy", "demand vote")
			h.do("bo", "vote 2")
			if tt.chairVotes != "" {
				h.do("ann", "vote "+tt.chairVotes)
			} else {
				h.do("dan", "vote 1")
			}
			got := h.do("ann", "poll results")
			wantContains(t, got, tt.want...)
			for _, bad := range []string{"  ", "casting N", "utslagsröst N", "har inte röstat och avgör", "has not voted and decides"} {
				if strings.Contains(got, bad) {
					t.Errorf("the interim count contains %q:\n%s", bad, got)
				}
			}
		})
	}
}

// TestAdjournmentMovesPollCloses: a poll that closes on a timer doesn't
// close during an adjournment, and closes as much later as the meeting
// was adjourned, also across a restart.
func TestAdjournmentMovesPollCloses(t *testing.T) {
	h := newDurableHarness(t)
	h.do("ann", "start")
	h.do("ann", `poll yesno "Coffee?" --close 10m`)
	h.clock.Advance(4 * time.Minute)
	h.do("ann", "adjourn 15m")
	if got := h.fired(20 * time.Minute); strings.Contains(got, "Results of poll") {
		t.Errorf("the poll closed while the meeting was adjourned: %q", got)
	}
	h.do("ann", "resume") // adjourned 20m: the poll now closes at 30m
	h.reopen()
	if got := h.fired(5 * time.Minute); strings.Contains(got, "Results of poll") {
		t.Errorf("the poll closed at its old time: %q", got)
	}
	wantContains(t, h.fired(2*time.Minute), "Results of poll #1", "closed on time")
}

// TestVoteClear withdraws a vote in an open poll, and refuses it in a
// secret or closed one, privately.
func TestVoteClear(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", `poll "Lunch?" "Pizza" "Sushi"`)
	h.do("bo", "vote 1")
	h.do("cia", "vote 2")
	wantContains(t, h.do("ann", "poll results"), "Pizza=1", "Sushi=1")
	got := h.do("bo", "vote clear")
	wantContains(t, got, "Your vote in poll #1 (Lunch?) is withdrawn.")
	wantContains(t, h.do("ann", "poll results"), "Pizza=0", "Sushi=1")
	wantContains(t, h.refused("bo", "vote clear"), "You have no vote to withdraw in poll #1.")
	h.do("bo", "vote 2")
	wantContains(t, h.do("ann", "poll results"), "Sushi=2")

	// Swedish
	h.do("ann", "lang sv")
	wantContains(t, h.do("cia", "ångra röst"), "Din röst i omröstning #1 (Lunch?) är tillbakatagen.")
	h.do("ann", "lang en")

	h.do("ann", "poll close")
	wantContains(t, h.refused("bo", "vote clear #1"), "The poll is already closed.")

	h.do("ann", `poll yesno "Secret?" --secret`)
	h.do("bo", "vote 1")
	before := h.snapshot()
	wantContains(t, h.refused("bo", "vote clear"), "A secret ballot can't be withdrawn.")
	if after := h.snapshot(); after != before {
		t.Errorf("a refused vote clear changed the state:\n%s\n%s", before, after)
	}
}

// TestPollExport sends the caller a poll's results as CSV, with names
// only in an open poll.
func TestPollExport(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", `poll "Lunch?" "Pizza" "=Sushi, raw"`)
	h.do("bo", "vote 1")
	h.do("cia", "vote 1")
	h.do("dan", "vote blank")
	resp := h.req(bot.Request{User: "eve", Text: "poll export"})
	if len(resp.Replies) != 1 || resp.Replies[0].To != chat.Caller {
		t.Fatalf("export not sent privately to the caller: %+v", resp)
	}
	wantContains(t, replyText(resp), "Results of poll #1 (Lunch?) as CSV:\n```\noption,votes,voters\nPizza,2,Bo; Cia\n\"'=Sushi, raw\",0,\nblank,1,Dan\n```")

	h.do("ann", `poll "Anonymous?" "A" "B" --anonymous`)
	h.do("bo", "vote 2")
	got := h.do("bo", "poll export")
	wantContains(t, got, "option,votes\nA,0\nB,1\n")
	if strings.Contains(got, "Bo") {
		t.Errorf("an anonymous poll's export names a voter:\n%s", got)
	}

	h.do("ann", `poll "Secret?" "A" "B" --secret`)
	h.do("bo", "vote 1")
	h.do("cia", "vote 2")
	h.do("dan", "vote 2")
	wantContains(t, h.do("bo", "poll export"), "3") // hidden until it closes: only the turnout
	h.do("ann", "poll close")
	got = h.do("ann", "poll export #3")
	wantContains(t, got, "option,votes\nA,1\nB,2\n")
	for _, name := range []string{"Bo", "Cia", "Dan", "bo", "cia", "dan", "voters"} {
		if strings.Contains(got, name) {
			t.Errorf("a secret poll's export contains %q:\n%s", name, got)
		}
	}

	h.do("ann", "lang sv")
	wantContains(t, h.do("ann", "poll export #1"), "Resultatet av omröstning #1 (Lunch?) som CSV:\n```\nalternativ,röster,röstande\nPizza,2,Bo; Cia\n")
}

// TestRenderFor renders a poll as one person sees it: what they voted,
// never in a secret poll, and only for a poll of the channel asked about.
func TestRenderFor(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	resp := h.req(bot.Request{User: "ann", Text: `poll "Lunch?" "Pizza" "Sushi"`})
	var pu *chat.PerUser
	for _, r := range resp.Replies {
		if r.Key == "poll/1" {
			pu = r.Message.PerUser
		}
	}
	if pu == nil || pu.Key != "poll/1" || strings.Join(pu.Users, ",") != "ann" {
		t.Fatalf("the poll offers per-person views to %+v, want ann, the one participant", pu)
	}
	h.do("bo", "vote 2")
	render := func(key, user string) string {
		t.Helper()
		msg, err := h.bot.RenderFor(context.Background(), bot.Outgoing{Channel: channel, Reply: chat.Reply{Key: key}}, user)
		if err != nil {
			t.Fatalf("RenderFor(%s, %s): %v", key, user, err)
		}
		return msg.Text
	}
	wantContains(t, render("poll/1", "bo"), "You voted: **Sushi**.")
	if got := render("poll/1", "cia"); strings.Contains(got, "You voted") {
		t.Errorf("cia, who did not vote, sees %q", got)
	}
	if _, err := h.bot.RenderFor(context.Background(), bot.Outgoing{Channel: "console:elsewhere", Reply: chat.Reply{Key: "poll/1"}}, "bo"); err == nil {
		t.Error("a poll was rendered for another channel")
	}
	if _, err := h.bot.RenderFor(context.Background(), bot.Outgoing{Channel: channel, Reply: chat.Reply{Key: "queue/x"}}, "bo"); err == nil {
		t.Error("a queue was rendered per person")
	}

	h.do("ann", `poll yesno "Secret?" --secret`)
	h.do("bo", "vote 1")
	if got := render("poll/2", "bo"); strings.Contains(got, "You voted") || strings.Contains(got, "Yes**") {
		t.Errorf("a secret poll tells bo what they voted: %q", got)
	}

	h.do("ann", "lang sv")
	wantContains(t, render("poll/1", "bo"), "Du röstade: **Sushi**.")
	h.do("ann", "poll close #1")
	if got := render("poll/1", "bo"); strings.Contains(got, "röstade:") {
		t.Errorf("a closed poll still says what bo voted: %q", got)
	}
}

// TestTurnoutAfterAdjustment: turnout never exceeds what it is counted
// against. A member struck during a vote keeps the vote already cast and
// is counted in the base; the result says the register was adjusted
// during the vote; and adjustments after the poll closed leave its figures.
func TestTurnoutAfterAdjustment(t *testing.T) {
	for _, tt := range []struct {
		name, lang string
		during     []string // commands run while the poll is open, after ann, bo, cy and dan voted as voted says
		voted      []string
		after      []string // commands run after it closed
		want       string
	}{
		{name: "struck after voting", lang: "sv", voted: []string{"ann", "bo", "cy", "dan"},
			during: []string{"röstlängd stryk @bo @cy"},
			want:   "4 av 4 har röstat; röstlängden justerades under omröstningen, och de 2 som ströks efter att ha röstat räknas med, eftersom deras röster står kvar"},
		{name: "one struck after voting", lang: "en", voted: []string{"ann", "bo"},
			during: []string{"register remove @bo"},
			want:   "2 of 4 have voted; the register was adjusted during the vote, and the member struck off after voting is counted, as their vote stands"},
		{name: "struck before voting", lang: "sv", voted: []string{"ann", "bo"},
			during: []string{"röstlängd stryk @cy"},
			want:   "2 av 3 har röstat; röstlängden justerades under omröstningen"},
		{name: "added", lang: "sv", voted: []string{"ann"},
			during: []string{"röstlängd lägg till @eve"},
			want:   "1 av 5 har röstat; röstlängden justerades under omröstningen"},
		{name: "struck and added again", lang: "sv", voted: []string{"ann", "bo"},
			during: []string{"röstlängd stryk @bo", "röstlängd lägg till @bo"},
			want:   "2 av 4 har röstat; röstlängden justerades under omröstningen"},
		{name: "adjusted after closing", lang: "sv", voted: []string{"ann", "bo", "cy", "dan"},
			after: []string{"röstlängd stryk @bo @cy", "röstlängd lägg till @eve"},
			want:  "4 av 4 har röstat"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan")
			h.do("ann", `poll yesno "Budget?" --register`)
			for _, who := range tt.voted {
				h.do(who, "vote 1")
			}
			for _, cmd := range tt.during {
				h.do("ann", cmd)
			}
			wantContains(t, h.do("ann", "poll results"), tt.want)
			wantContains(t, h.do("ann", "poll close"), tt.want)
			for _, cmd := range tt.after {
				h.do("ann", cmd)
			}
			got := h.do("ann", "poll results #1")
			wantContains(t, got, tt.want)
			if tt.during == nil && (strings.Contains(got, "justerades") || strings.Contains(got, "adjusted")) {
				t.Errorf("a poll closed before the register was adjusted says it was adjusted during the vote:\n%s", got)
			}
		})
	}
}

// TestRegisterShowsSetAndNow: after adjustments, register shows the
// count it was set at and the count now, never the count now as set.
func TestRegisterShowsSetAndNow(t *testing.T) {
	for _, tt := range []struct {
		lang    string
		adjust  []string
		want    string
		wantNot string
	}{
		{lang: "sv", want: "Röstlängden fastställdes kl. 18.00 till 4 röstberättigade.", wantNot: "justerats"},
		{lang: "sv", adjust: []string{"röstlängd stryk @bo", "röstlängd stryk @cy"},
			want: "Röstlängden fastställdes kl. 18.00 till 4 röstberättigade. Den har justerats 2 gånger och har nu 2.", wantNot: "till 2"},
		{lang: "en", adjust: []string{"register add @eve", "register remove @bo", "register remove @cy"},
			want: "The register was set at 18:00 with 4 voting members. It has been adjusted 3 times and now has 3."},
		{lang: "en", adjust: []string{"register remove @bo"},
			want: "The register was set at 18:00 with 4 voting members. It has been adjusted once and now has 3."},
	} {
		h := withRegister(t, tt.lang, "ann", "bo", "cy", "dan")
		for _, cmd := range tt.adjust {
			h.do("ann", cmd)
		}
		for _, who := range []string{"ann", "dan"} { // the chair, who sees the names too, and a member
			got := h.do(who, "register")
			wantContains(t, got, tt.want)
			if tt.wantNot != "" && strings.Contains(got, tt.wantNot) {
				t.Errorf("%s: register shows %q:\n%s", tt.lang, tt.wantNot, got)
			}
		}
	}
}

// TestBlockVoteLeavesSeatVacant: in a block vote nobody is elected whom
// nobody voted for, not even by lot; the seat stays vacant, and the chat
// and the protokoll say so, for a fyllnadsval.
func TestBlockVoteLeavesSeatVacant(t *testing.T) {
	for _, c := range []struct{ lang, elect, close, result, vacant string }{
		{"sv", `val 3 "Val av styrelse" "Ada" "Bo" "Cia" "Dan" "Eva"`, "omröstning stäng", "Valda, i ordning: **Ada och Bo**.",
			"1 plats är vakant: ingen annan kandidat fick någon röst. Den tillsätts genom fyllnadsval."},
		{"en", `poll elect 3 "Election of the board" "Ada" "Bo" "Cia" "Dan" "Eva"`, "poll close", "Elected, in order: **Ada and Bo**.",
			"1 seat stays vacant: no other candidate got a vote. It is filled by a by-election."},
	} {
		t.Run(c.lang, func(t *testing.T) {
			h := withRegister(t, c.lang, "ann", "bo", "cy")
			h.do("ann", c.elect)
			h.do("bo", "vote 1 2")
			h.do("cy", "vote 1")
			got := h.do("ann", c.close)
			wantContains(t, got, c.result, c.vacant)
			if strings.Contains(got, "`") {
				t.Errorf("the count asks for lots among candidates nobody voted for:\n%s", got)
			}
			wantContains(t, h.do("ann", "protokoll"), c.vacant)
		})
	}
}

// TestSTVLeavesSeatVacant: an STV count elects nobody whom no ballot
// names, draws no lot to exclude them, and says the seat stays vacant.
func TestSTVLeavesSeatVacant(t *testing.T) {
	h := newHarness(t)
	h.do("ann", "start")
	h.do("ann", `poll elect 3 "Board" "Ada" "Bo" "Cia" "Dan" "Eva" --method stv`)
	h.do("bo", "vote 1 2")
	h.do("cy", "vote 1")
	h.do("dan", "vote 2")
	got := h.do("ann", "poll close")
	wantContains(t, got, "Elected, in order: **Ada and Bo**.", "1 seat stays vacant: no other candidate got a vote. It is filled by a by-election.")
	if strings.Contains(got, "draws lots") {
		t.Errorf("the count asks for lots among candidates nobody voted for:\n%s", got)
	}
}
