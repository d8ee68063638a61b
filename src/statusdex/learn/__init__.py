"""Learning mode: spaced-repetition flash cards made from the registry."""

from statusdex.extras import require

require("learn", "statusdex.learn")  # else one line naming the extra to install
