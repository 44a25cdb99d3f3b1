"""The What's due tab: what needs doing, soonest first, each with its action one click away."""
