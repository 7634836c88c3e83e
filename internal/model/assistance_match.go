package model

import (
	"fmt"
	"sort"
	"strings"
)

// Matching, explained (issue 11, item 4). For a need, each programme that
// works in the need's area is a candidate; the store counts what the two
// share (MatchFeatures) and ScoreMatch turns that into a score out of 100
// with the reasons in words. A programme that shares no area is never a
// candidate, and a candidate under MatchThreshold is no match: the need
// then says "no programme fits yet".

// The weights of a match, out of 100.
const (
	WeightArea      = 30 // the programme works in the need's area (every candidate)
	WeightModality  = 30 // shared in proportion to the modalities the need asks for
	WeightRegion    = 10 // the programme serves the requester's region (a worldwide programme half of it)
	WeightLanguage  = 10 // the programme works in the request's language
	WeightDelivered = 5  // the provider delivered to the requester before
	WeightOffer     = 15 // the provider offered this programme for this need
	// MatchThreshold is the least score a match needs: the area and every
	// modality asked for reach it; the area alone with region and language
	// do not.
	MatchThreshold = 60
)

// MatchFeatures are what a need and a candidate programme share, as the
// store counts them.
type MatchFeatures struct {
	NeedID           int64
	ProgrammeID      int64
	Programme        string // title
	Provider         string // organisation code
	Area             string // the need's area
	NeedModalities   int    // how many modalities the need asks for
	SharedModalities []string
	ServesRegion     string // a group of the requester's the programme serves ("" for none)
	Worldwide        bool   // the programme names no group: it serves every State
	SharedLanguage   string // the request's language, when the programme works in it
	DeliveredBefore  bool
	Offered          bool
}

// Labels turns codes into words for the reasons.
type Labels interface {
	AreaLabel(id string) string
	ModalityLabel(id string) string
	LanguageName(code string) string
	OrgName(code string) string
	GroupName(code string) string
}

// Scored is a candidate programme with its score and reasons.
type Scored struct {
	MatchFeatures
	Score   int
	Reasons []string
}

// Fits reports whether the candidate reaches the threshold.
func (s Scored) Fits() bool { return s.Score >= MatchThreshold }

// ScoreMatch scores a candidate and says why, reason by reason, in the
// order of the weights. requester names the requesting organisation.
func ScoreMatch(f MatchFeatures, requester string, l Labels) Scored {
	s := Scored{MatchFeatures: f, Score: WeightArea}
	s.Reasons = append(s.Reasons, fmt.Sprintf("same area: %s", l.AreaLabel(f.Area)))
	if n := len(f.SharedModalities); n > 0 && f.NeedModalities > 0 {
		s.Score += (WeightModality*min(n, f.NeedModalities) + f.NeedModalities/2) / f.NeedModalities
		words := make([]string, n)
		for i, m := range f.SharedModalities {
			words[i] = strings.ToLower(l.ModalityLabel(m))
		}
		s.Reasons = append(s.Reasons, fmt.Sprintf("offers %s (%d of the %d modalities asked for)", strings.Join(words, ", "), n, f.NeedModalities))
	} else {
		s.Reasons = append(s.Reasons, "offers none of the modalities asked for")
	}
	switch {
	case f.ServesRegion != "":
		s.Score += WeightRegion
		s.Reasons = append(s.Reasons, "serves the requester's region: "+l.GroupName(f.ServesRegion))
	case f.Worldwide:
		s.Score += WeightRegion / 2
		s.Reasons = append(s.Reasons, "serves every State")
	}
	if f.SharedLanguage != "" {
		s.Score += WeightLanguage
		s.Reasons = append(s.Reasons, "works in "+l.LanguageName(f.SharedLanguage)+", the request's language")
	}
	if f.DeliveredBefore {
		s.Score += WeightDelivered
		s.Reasons = append(s.Reasons, l.OrgName(f.Provider)+" delivered to "+l.OrgName(requester)+" before")
	}
	if f.Offered {
		s.Score += WeightOffer
		s.Reasons = append(s.Reasons, "open offer: "+l.OrgName(f.Provider)+" offered this programme for this need")
	}
	return s
}

// RankMatches scores the candidates of one need and orders them best
// first (ties: the programme's title, then its number). Below the
// threshold they are dropped unless all is set.
func RankMatches(fs []MatchFeatures, requester string, l Labels, all bool) []Scored {
	out := make([]Scored, 0, len(fs))
	for _, f := range fs {
		s := ScoreMatch(f, requester, l)
		if all || s.Fits() {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].Programme != out[j].Programme {
			return out[i].Programme < out[j].Programme
		}
		return out[i].ProgrammeID < out[j].ProgrammeID
	})
	return out
}
