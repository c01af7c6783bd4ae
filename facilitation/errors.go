package facilitation

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code names a rule that a request broke. Front ends translate codes into
// sentences; each code is also a message ID in the bot's catalogues.
type Code string

// The codes the domain reports.
const (
	ErrNoSuchItem         Code = "ErrNoSuchItem"
	ErrNoCurrentItem      Code = "ErrNoCurrentItem"
	ErrAgendaDone         Code = "ErrAgendaDone"
	ErrAgendaAtStart      Code = "ErrAgendaAtStart"
	ErrHasSubItems        Code = "ErrHasSubItems"
	ErrItemTakenUp        Code = "ErrItemTakenUp"
	ErrMajorityNotHere    Code = "ErrMajorityNotHere"
	ErrMoveSubItems       Code = "ErrMoveSubItems"
	ErrSubSubItem         Code = "ErrSubSubItem"
	ErrTooManySubItems    Code = "ErrTooManySubItems"
	ErrBadDuration        Code = "ErrBadDuration"
	ErrEmptyTitle         Code = "ErrEmptyTitle"
	ErrAlreadyQueued      Code = "ErrAlreadyQueued"
	ErrNotQueued          Code = "ErrNotQueued"
	ErrQueueClosed        Code = "ErrQueueClosed"
	ErrQueueAlreadyClosed Code = "ErrQueueAlreadyClosed"
	ErrQueueAlreadyOpen   Code = "ErrQueueAlreadyOpen"
	ErrQueueEmpty         Code = "ErrQueueEmpty"
	ErrNobodySpeaking     Code = "ErrNobodySpeaking"
	ErrNoSpeech           Code = "ErrNoSpeech" // a reply while the floor is not a speech's
	ErrNotSpeaker         Code = "ErrNotSpeaker"
	ErrReplyLimit         Code = "ErrReplyLimit"
	ErrReplySelf          Code = "ErrReplySelf"
	ErrAnswerUsed         Code = "ErrAnswerUsed"
	ErrPollClosed         Code = "ErrPollClosed"
	ErrPollOptions        Code = "ErrPollOptions"
	ErrNoSuchOption       Code = "ErrNoSuchOption"
	ErrTooManyChoices     Code = "ErrTooManyChoices"
	ErrMultiOutOfRange    Code = "ErrMultiOutOfRange"
	ErrDuplicateChoice    Code = "ErrDuplicateChoice"
	ErrNoChoice           Code = "ErrNoChoice"
	ErrAlreadyVoted       Code = "ErrAlreadyVoted"
	ErrNoSuchRule         Code = "ErrNoSuchRule"
	ErrEmptyText          Code = "ErrEmptyText"
	ErrMeetingEnded       Code = "ErrMeetingEnded"
	ErrAlreadyChair       Code = "ErrAlreadyChair"

	ErrRegisterSet         Code = "ErrRegisterSet"
	ErrRegisterAlreadyOpen Code = "ErrRegisterAlreadyOpen"
	ErrRegisterNotOpen     Code = "ErrRegisterNotOpen"
	ErrRegisterEmpty       Code = "ErrRegisterEmpty"
	ErrRegisterNotSet      Code = "ErrRegisterNotSet"
	ErrNotOnRegister       Code = "ErrNotOnRegister"
	ErrExcluded            Code = "ErrExcluded"
	ErrRecused             Code = "ErrRecused"
	ErrNotRecused          Code = "ErrNotRecused"
	ErrNotOnList           Code = "ErrNotOnList"
	ErrNotMember           Code = "ErrNotMember"
	ErrProxyLimit          Code = "ErrProxyLimit"
	ErrHasProxy            Code = "ErrHasProxy"
	ErrProxyChain          Code = "ErrProxyChain"
	ErrMemberList          Code = "ErrMemberList"
	ErrMemberColumns       Code = "ErrMemberColumns"
	ErrMemberTwice         Code = "ErrMemberTwice"
	ErrMemberListEmpty     Code = "ErrMemberListEmpty"
	ErrProxySelf           Code = "ErrProxySelf"
	ErrBadMajority         Code = "ErrBadMajority"
	ErrNoCasting           Code = "ErrNoCasting"
	ErrNotReservable       Code = "ErrNotReservable"
	ErrVotedForIt          Code = "ErrVotedForIt"
	ErrDecisionElsewhere   Code = "ErrDecisionElsewhere"
	ErrTooFewChoices       Code = "ErrTooFewChoices"
	ErrSameOption          Code = "ErrSameOption"
	ErrEmptyOption         Code = "ErrEmptyOption"
	ErrNoLotNeeded         Code = "ErrNoLotNeeded"
	ErrPollOfEndedMeeting  Code = "ErrPollOfEndedMeeting"
	ErrBadSeats            Code = "ErrBadSeats"
	ErrBadMethod           Code = "ErrBadMethod"
	ErrNoBlank             Code = "ErrNoBlank"
	ErrDrawOpenPoll        Code = "ErrDrawOpenPoll"
	ErrSecretNoWithdraw    Code = "ErrSecretNoWithdraw"
	ErrNoVoteToWithdraw    Code = "ErrNoVoteToWithdraw"

	// The formal meeting (docs/architecture.md, "The formal meeting").
	ErrNoSuchProposal    Code = "ErrNoSuchProposal"
	ErrProposalsClosed   Code = "ErrProposalsClosed"
	ErrTooMany           Code = "ErrTooMany"
	ErrCannotAmend       Code = "ErrCannotAmend"
	ErrProposalDecided   Code = "ErrProposalDecided"
	ErrProposalWithdrawn Code = "ErrProposalWithdrawn"
	ErrAlreadySupports   Code = "ErrAlreadySupports"
	ErrNotProposer       Code = "ErrNotProposer"
	ErrNoProposals       Code = "ErrNoProposals"
	ErrBadOrder          Code = "ErrBadOrder"
	ErrFormalFirst       Code = "ErrFormalFirst"
	ErrAmendmentFirst    Code = "ErrAmendmentFirst"
	ErrAdditionLast      Code = "ErrAdditionLast"
	ErrNoQuestion        Code = "ErrNoQuestion"
	ErrVoteDemanded      Code = "ErrVoteDemanded"
	ErrNoSuchAlternative Code = "ErrNoSuchAlternative"
	ErrNotAnAlternative  Code = "ErrNotAnAlternative"
	ErrNotTied           Code = "ErrNotTied" // a casting vote for an alternative not in the tie
	ErrNotDeclared       Code = "ErrNotDeclared"
	ErrWindowClosed      Code = "ErrWindowClosed"
	ErrVotingUnderWay    Code = "ErrVotingUnderWay"
	ErrNoDecision        Code = "ErrNoDecision"
	ErrNoSuchEntry       Code = "ErrNoSuchEntry"
	ErrAdjourned         Code = "ErrAdjourned"
	ErrNotAdjourned      Code = "ErrNotAdjourned"
	ErrTimeboxTooLong    Code = "ErrTimeboxTooLong"
	ErrAlreadyReserved   Code = "ErrAlreadyReserved"
)

// The codes of the protokoll's justering.
const (
	ErrJusterat        Code = "ErrJusterat"
	ErrStillRunning    Code = "ErrStillRunning"
	ErrNoAdjusters     Code = "ErrNoAdjusters"
	ErrNotSubmitted    Code = "ErrNotSubmitted"
	ErrNotAdjuster     Code = "ErrNotAdjuster"
	ErrAlreadyApproved Code = "ErrAlreadyApproved"
)

// Error is a broken rule: a Code and the values its sentence needs.
type Error struct {
	Code Code
	Data map[string]any
}

// Error returns the code and its data, for logs and tests; people see the
// translated sentence instead.
func (e *Error) Error() string {
	if len(e.Data) == 0 {
		return string(e.Code)
	}
	keys := make([]string, 0, len(e.Data))
	for k := range e.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%v", k, e.Data[k])
	}
	return string(e.Code) + " (" + strings.Join(parts, " ") + ")"
}

// errorf builds an *Error from a code and key/value pairs.
func errorf(code Code, kv ...any) *Error {
	e := &Error{Code: code}
	if len(kv) > 0 {
		e.Data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			e.Data[kv[i].(string)] = kv[i+1]
		}
	}
	return e
}

// ErrorCode returns the Code of err if it is a domain error, and "" if not.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
