package service

import (
	"bufio"
	"bytes"
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"napx/internal/model"
)

// commonPasswords is the list of frequent passwords shipped with
// zxcvbn-ts (@zxcvbn-ts/language-common 4.1.3, MIT, see
// data/common-passwords-LICENSE.txt), lower-cased, one per line.
//
//go:embed data/common-passwords.txt
var commonPasswordsText []byte

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, 50000)
	sc := bufio.NewScanner(bytes.NewReader(commonPasswordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			m[w] = struct{}{}
		}
	}
	return m
})

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// CheckPassword says what is wrong with a new password, or "" when it is
// acceptable: at least 12 characters of one-line text, not a common password (nor a common
// one padded with digits or symbols, nor a repeated one), and not the
// e-mail address.
func CheckPassword(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return "use at least 12 characters"
	case n > 1024:
		return "use at most 1024 characters"
	case model.LineProblem(password, 1024) != "":
		// Control and direction characters cannot be typed reliably.
		return "use letters, digits, spaces and punctuation only (no control or text-direction characters)"
	}
	lower := strings.ToLower(password)
	common := commonPasswords()
	if _, ok := common[lower]; ok {
		return "this password is too common; choose another"
	}
	// A common word padded with digits or symbols ("dragon2024!!!!") is as weak.
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	if _, ok := common[core]; ok && utf8.RuneCountInString(core) >= 4 {
		return "this password is a common word with digits or symbols added; choose another"
	}
	// One character or a short sequence repeated ("aaaaaaaaaaaa", "abcabcabcabc").
	for size := 1; size <= 4; size++ {
		if n%size == 0 && strings.Repeat(lower[:size], n/size) == lower {
			return "this password repeats the same few characters; choose another"
		}
	}
	if local, _, ok := strings.Cut(strings.ToLower(email), "@"); ok && len(local) >= 4 && strings.Contains(lower, local) {
		return "the password must not contain your e-mail address"
	}
	return ""
}

// passwordProblems is CheckPassword as Problems on the field "password".
func passwordProblems(password, email string) model.Problems {
	if msg := CheckPassword(password, email); msg != "" {
		return model.Problems{"password": msg}
	}
	return nil
}
