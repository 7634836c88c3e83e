package model

import "strings"

// Languages are the six official languages of the United Nations (issue
// 17), in the order the UN lists them: Arabic, Chinese, English, French,
// Russian, Spanish. Every page, message and record language is one of them.
var Languages = []string{"ar", "zh", "en", "fr", "ru", "es"}

// IsLanguage reports whether code is one of the six (lower case, exact).
func IsLanguage(code string) bool {
	for _, l := range Languages {
		if l == code {
			return true
		}
	}
	return false
}

// textLanguage adds to p a problem naming field when lang, the language a
// record's texts are written in, is given and is not one of the six.
func textLanguage(p Problems, field, lang string) {
	if l := strings.TrimSpace(lang); l != "" && !IsLanguage(l) {
		p[field] = "must be one of the six official languages of the United Nations: ar, zh, en, fr, ru, es"
	}
}
