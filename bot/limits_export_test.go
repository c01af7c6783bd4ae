package bot

// RateBuckets is the number of per-user buckets the rate limiter keeps.
func RateBuckets(b *Bot) int { return b.rate.size() }
