"""What clean.py knows about page furniture: generic English boilerplate vocabulary as data.

Each table maps a reason (the `why` of a `Removal`) to the lines or phrases that earn it; the
compiled forms below are what clean.py matches against lower-cased units.
"""

from __future__ import annotations

import re

# --- declarative knowledge: generic English boilerplate vocabulary --------------------------

# A whole short unit equal to one of these (case-insensitive) is page furniture.
WHOLE_LINE_CUES: tuple[tuple[str, str], ...] = (
    ("share", r"share( this( article| story| post| page)?)?( on \w+)?|tweet|pin( it)?|e-?mail|print"
              r"|facebook|twitter|linkedin|whatsapp|reddit|pinterest|instagram|youtube|tumblr|flipboard"
              r"|telegram|messenger|rss( feed)?|copy( the)? link|copied!?|link copied|share via"
              r"|\d+ shares?|shares?|\d+"),
    ("navigation", r"home|menu|search|close|open|next|previous|prev|back|more|sections?|skip to \w+( \w+)?"
                   r"|back to top|scroll (back )?to top|go to top|top|main menu|navigation|toggle navigation"
                   r"|show more|see more|load more|view all|see all|all|categories|tags?|topics?|archives?"),
    ("sign-in", r"log ?in|log ?out|sign ?in|sign ?out|sign ?up|register|my account|account|profile"
                r"|forgot (your )?password\??|lost your password\??|remember me|welcome back!?"),
    ("advertisement", r"advertisement|advertising|ad|ads|sponsored( content)?|promoted|paid content"
                      r"|continue reading( the main story| below)?|story continues below( advertisement)?"),
    ("newsletter", r"subscribe( now| today)?|newsletters?|get the newsletter|sign me up"),
    ("comment-form", r"comments?|\d+ comments?|no comments|leave a (comment|reply)|post a comment|reply"
                     r"|add a comment|cancel reply|submit|post comment|name\*?|email\*?|website"),
    ("loading", r"loading\W*|please wait\W*"),
)

# Short units containing one of these are boilerplate.
PHRASE_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("footer", ("all rights reserved", "copyright", "terms of use", "terms of service", "terms of sale",
                "terms and conditions", "terms conditions", "privacy policy", "privacy notice",
                "privacy statement", "cookie policy", "contact us", "about us", "sitemap", "site map",
                "advertise with us", "work with us", "work for us", "accessibility")),
    ("cookie", ("cookie", "cookies")),
    ("sign-in", ("sign in to", "log in to", "sign in with", "log in with", "create an account",
                 "create your account", "already a subscriber", "already have an account",
                 "forgot your password", "don t have an account")),
    ("newsletter", ("newsletter", "newsletters", "subscribe to", "subscribe for", "subscribe now",
                    "sign up for", "inbox")),
    ("share", ("share this", "share on", "share via", "share the", "follow us", "like us on")),
    ("related", ("read more", "read next", "see also", "more stories", "more articles", "more news",
                 "more from", "related", "you may also like", "you might also like", "you may like",
                 "you might like", "recommended", "most read", "most popular", "most viewed",
                 "most shared", "most emailed", "trending", "don t miss", "watch now", "watch next",
                 "up next")),
    ("comment-form", ("your email address will not be published", "required fields are marked",
                      "leave a reply", "join the conversation", "join the discussion", "comment policy")),
    ("image-caption", ("getty images", "shutterstock", "file photo", "image credit", "photo credit",
                       "credit", "credits")),
    ("advertisement", ("advertisement", "sponsored")),
)

# Short units opening with one of these words are bylines and datelines.
LEADING_METADATA_WORDS = frozenset(("by", "published", "updated", "posted", "filed", "written"))

# Short units with a number in one of these shapes are page metadata.
NUMBER_CUES: tuple[tuple[str, str], ...] = (
    ("footer", r"\(c\) \d{4}"),
    ("metadata", r"\d\s*min(ute)?s? read|\d (second|minute|hour|day|week|month|year)s? ago|rating:|\d votes?\b"
                 r"|\d\s*(views|reads)\b"),
)

# A standalone unit equal to one of these opens a section that is not the article.
RELATED_SECTION_CUES: tuple[str, ...] = (
    r"(more )?related( articles| stories| posts| content| coverage| news| links| reading| topics)?",
    r"you (may|might) (also )?(like|enjoy|be interested in)",
    r"more (stories|articles|news|videos|from \w+( \w+)?|on this( topic| story)?|like this)",
    r"more( \w+){1,3}",
    r"(most|the most) (read|popular|viewed|shared|emailed|commented)( \w+)?",
    r"recommended( for you| stories| articles| reading| videos)?", r"trending( now| stories| articles)?",
    r"popular( now| posts| stories| articles)?", r"(latest|top|more top) (news|stories|headlines|posts|articles)",
    r"editor'?s'? picks?", r"(from )?around the web", r"promoted (stories|links|content)",
    r"what to read next", r"read next", r"up next", r"sponsored (stories|links|content)",
    r"you may have missed", r"in (other|case you missed) news", r"also (read|see|on \w+)", r"keep reading",
    r"latest", r"new articles", r"further reading",
)

# ... and these open the comments, which never belong to the article.
COMMENT_SECTION_CUES: tuple[str, ...] = (
    r"(\d+ |top rated |reader |user )?comments?( \(\d+\))?", r"leave a (comment|reply)", r"post a comment",
    r"add (a|your) comment", r"join the (conversation|discussion)", r"discussion", r"\d+ (responses|replies)",
    r"(\d+ )?thoughts on .{1,80}", r"what do you think\??",
)

# Function words of the commoner Latin-script languages: their density tells prose from lists.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just me
more most my no nor not now of off on once only or other our ours out over own same she should so
some such than that the their theirs them then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your
le la les un une des du de et est en que qui dans pour pas sur au aux il elle ce ne se plus par
der die das ein eine und ist nicht mit von zu den dem im auf für sich des auch als wie
el los las y es por con del lo una su para al como pero sus
il di che non per gli della sono nel alla anche ma si
o os as um uma com não mais ao da do dos das em
het een van en is niet op te dat zijn met voor
""".split())

LONG_CUE_TRIGGERS = ("cookie", "by using", "by continuing", "javascript", "browser")


def _compile_alternatives(table: tuple[tuple[str, str], ...], whole: bool) -> re.Pattern:
    """One regex for a whole cue table; the name of the group that matched is the reason."""
    groups = "|".join(f"(?P<{why.replace('-', '_')}_{i}>{pattern})" for i, (why, pattern) in enumerate(table))
    return re.compile(r"^\W*(?:%s)\W*$" % groups if whole else groups)  # applied to lower-cased text


def cue_reason(match: re.Match | None) -> str:
    return match.lastgroup.rsplit("_", 1)[0].replace("_", "-") if match else ""


# Section openers first: the first alternative that matches names the reason.
WHOLE_UNIT_PATTERN = _compile_alternatives(
    (("comments", "|".join(COMMENT_SECTION_CUES)), ("related-section", "|".join(RELATED_SECTION_CUES)))
    + WHOLE_LINE_CUES, whole=True)
NUMBER_PATTERN = _compile_alternatives(NUMBER_CUES, whole=False)
