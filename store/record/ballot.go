package record

import "github.com/klubba/klubba/facilitation"

// EncodeBallot is a ballot as stored: one byte per choice, in order (a
// poll has at most facilitation.MaxOptions options). A blank vote, which
// names no option, is the single byte blankBallot, as some stores keep no
// empty values apart from missing ones.
func EncodeBallot(b facilitation.Ballot) []byte {
	if len(b) == 0 {
		return []byte{blankBallot}
	}
	out := make([]byte, len(b))
	for i, o := range b {
		out[i] = byte(o)
	}
	return out
}

// blankBallot is how a blank vote is stored.
const blankBallot = 0xff

// DecodeBallot reads a ballot EncodeBallot wrote.
func DecodeBallot(v []byte) facilitation.Ballot {
	if len(v) == 1 && v[0] == blankBallot {
		return facilitation.Ballot{}
	}
	b := make(facilitation.Ballot, len(v))
	for i, o := range v {
		b[i] = int(o)
	}
	return b
}
