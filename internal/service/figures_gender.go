package service

import "napx/internal/store"

// genderNote says what the participants figure's items are (issue 18,
// item 9): gender is recorded only where an event's nomination form asked
// for it and the delegation answered.
const genderNote = "Gender is recorded only where an event's nomination form asked for it and the delegation answered (optional; “prefer not to say” is an answer). " +
	"The items give the balance where recorded, and “not recorded” for the rest; they are withheld when fewer than 5 delegates have a recorded gender, so that no one's answer can be inferred."

// minGenderCell is the fewest recorded answers for which the balance is
// shown.
const minGenderCell = 5

// genderItems gives the participants figure by recorded gender.
func genderItems(_ *Figures, rows []*store.FigureRow) []FigureItem {
	var total, w, m, a int
	for _, r := range rows {
		total += r.Count
		w += r.Women
		m += r.Men
		a += r.Another
	}
	if w+m+a < minGenderCell {
		return nil
	}
	return []FigureItem{
		{Key: "woman", Label: "Women", Value: w},
		{Key: "man", Label: "Men", Value: m},
		{Key: "another", Label: "Another gender", Value: a},
		{Key: "not-recorded", Label: "Not recorded", Value: total - w - m - a},
	}
}
