"""Load the demo agency. Safe to run twice: what exists is left as it is."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import health
from accounts.models import (
    Account,
    AccountMembership,
    Budget,
    BudgetLine,
    Contract,
    HealthSnapshot,
    Interaction,
    Opportunity,
    Payment,
)
from accounts.selectors import included_rounds
from accounts.services import budget_approvers, budget_store_total
from agency.dates import working_days_before
from agency.models import Notification, User
from briefs.models import (
    Brief,
    BriefStep,
    BriefVersion,
    ClientRequest,
    CreativeTeam,
    Deliverable,
    Feedback,
    FeedbackRouting,
)
from briefs.routing import recipients_of
from briefs.selectors import Sight
from clients.models import Client, Contact, company_name_key

Role = User.Role

DEMO_PASSWORD = "demo"
DEMO_USERS = [
    # username, first, last, role, reports to
    ("director", "Diana", "Richter", Role.DIRECTOR, None),
    ("manager", "Max", "Lehmann", Role.MANAGER, "director"),
    ("executive", "Emma", "Schulz", Role.EXECUTIVE, "manager"),
    ("planner", "Paul", "Neumann", Role.PLANNER, "manager"),
    ("coordinator", "Clara", "Wolf", Role.COORDINATOR, "executive"),
    # Colleagues who are not demo log-ins, so teams and reporting lines look real.
    ("m.becker", "Martin", "Becker", Role.MANAGER, "director"),
    ("s.koch", "Sophie", "Koch", Role.EXECUTIVE, "m.becker"),
    ("l.wagner", "Lukas", "Wagner", Role.EXECUTIVE, "m.becker"),
    ("j.hoffmann", "Julia", "Hoffmann", Role.PLANNER, "m.becker"),
]

CLIENTS = [
    ("Nordlicht Brauerei", "Nordlicht Brauerei GmbH", "Beverages", Client.Status.ACTIVE),
    ("Alpenwerk", "Alpenwerk AG", "Outdoor equipment", Client.Status.ACTIVE),
    ("Kaffeehaus Krone", "Kaffeehaus Krone GmbH & Co. KG", "Food service", Client.Status.ACTIVE),
    ("Velo Urban", "Velo Urban GmbH", "Mobility", Client.Status.ACTIVE),
    ("Stadtwerke Rheinau", "Stadtwerke Rheinau GmbH", "Energy", Client.Status.ACTIVE),
    ("Helios Pharma", "Helios Pharma SE", "Healthcare", Client.Status.ACTIVE),
    ("Brightside Insurance", "Brightside Insurance Ltd", "Insurance", Client.Status.ACTIVE),
    ("Muster Möbel", "Muster Möbel KG", "Furniture retail", Client.Status.PAUSED),
    ("Fjord Fisheries", "Fjord Fisheries AS", "Food", Client.Status.ACTIVE),
    ("Lumen Telecom", "Lumen Telecom AG", "Telecommunications", Client.Status.ACTIVE),
    ("Grünhof Bio", "Grünhof Bio eG", "Organic food", Client.Status.PROSPECT),
    ("Tessera Fashion", "Tessera Fashion GmbH", "Fashion", Client.Status.FORMER),
]

ACCOUNTS = [
    # client index, name, code, status, kind, team (usernames; first is primary executive)
    (0, "Nordlicht Pils", "NLB-PILS", Account.Status.ACTIVE, Account.Kind.RETAINER, ["executive", "planner", "coordinator", "manager"]),
    (0, "Nordlicht Alkoholfrei", "NLB-AF", Account.Status.ACTIVE, Account.Kind.PROJECT, ["executive", "manager"]),
    (1, "Alpenwerk Brand", "ALP-BRAND", Account.Status.ACTIVE, Account.Kind.RETAINER, ["executive", "planner", "manager"]),
    (1, "Alpenwerk Winter Campaign", "ALP-WIN", Account.Status.ACTIVE, Account.Kind.PROJECT, ["coordinator", "manager"]),
    (2, "Krone Coffee Retail", "KRN-RET", Account.Status.ACTIVE, Account.Kind.RETAINER, ["executive", "coordinator", "manager"]),
    (3, "Velo Urban Launch", "VEL-LAUNCH", Account.Status.ACTIVE, Account.Kind.PROJECT, ["s.koch", "j.hoffmann", "m.becker"]),
    (4, "Rheinau Energy Saving", "SWR-SAVE", Account.Status.ACTIVE, Account.Kind.RETAINER, ["l.wagner", "m.becker"]),
    (4, "Rheinau Employer Brand", "SWR-HR", Account.Status.ON_HOLD, Account.Kind.PROJECT, ["l.wagner", "m.becker"]),
    (5, "Helios OTC", "HEL-OTC", Account.Status.ACTIVE, Account.Kind.RETAINER, ["s.koch", "planner", "m.becker"]),
    (5, "Helios Corporate", "HEL-CORP", Account.Status.ACTIVE, Account.Kind.PROJECT, ["executive", "manager"]),
    (6, "Brightside Car Insurance", "BSI-CAR", Account.Status.ACTIVE, Account.Kind.RETAINER, ["l.wagner", "j.hoffmann", "m.becker"]),
    (6, "Brightside Pitch 2027", "BSI-PITCH", Account.Status.PITCH, Account.Kind.PROJECT, ["manager", "planner", "director"]),
    (7, "Muster Möbel Catalogue", "MM-CAT", Account.Status.ON_HOLD, Account.Kind.PROJECT, ["coordinator", "manager"]),
    (8, "Fjord Fresh", "FJF-FRESH", Account.Status.ACTIVE, Account.Kind.RETAINER, ["s.koch", "m.becker"]),
    (9, "Lumen Mobile", "LUM-MOB", Account.Status.ACTIVE, Account.Kind.RETAINER, ["executive", "planner", "coordinator", "manager"]),
    (9, "Lumen Business", "LUM-BIZ", Account.Status.ACTIVE, Account.Kind.PROJECT, ["l.wagner", "m.becker"]),
    (9, "Lumen Fibre Rollout", "LUM-FIB", Account.Status.ACTIVE, Account.Kind.PROJECT, ["s.koch", "j.hoffmann", "m.becker"]),
    (10, "Grünhof Pitch", "GRH-PITCH", Account.Status.PITCH, Account.Kind.PROJECT, ["director", "manager"]),
    (11, "Tessera Spring", "TES-SPR", Account.Status.CLOSED, Account.Kind.PROJECT, ["executive", "manager"]),
    (2, "Krone Instant", "KRN-INST", Account.Status.ACTIVE, Account.Kind.PROJECT, ["s.koch", "m.becker"]),
]  # fmt: skip

FIRST = [
    "Anna",
    "Jonas",
    "Lea",
    "Felix",
    "Mia",
    "Tim",
    "Lena",
    "Ben",
    "Sarah",
    "David",
    "Nina",
    "Tom",
]
LAST = [
    "Müller",
    "Schmidt",
    "Fischer",
    "Weber",
    "Meyer",
    "Schneider",
    "Bauer",
    "Braun",
    "Zimmermann",
]
TITLES = [
    "Head of Marketing",
    "Brand Manager",
    "Marketing Director",
    "CMO",
    "Product Manager",
    "Communications Lead",
]
# The relationship log; "{brand}" is the account, "{contact}" a client contact's first name.
SUMMARIES = {
    Interaction.Sentiment.POSITIVE: [
        "Presented the {brand} campaign route; {contact} loved the key visual and wants to move fast.",
        "Quarterly review of {brand} went well: sales up, {contact} praised the team's responsiveness.",
        "{contact} called: the {brand} launch film beat their tracking targets in the first week.",
        "Lunch with {contact}; they want us on the {brand} relaunch next year as well.",
        "{contact} approved the {brand} key visual in the first round, no changes.",
    ],
    Interaction.Sentiment.NEUTRAL: [
        "Status call on {brand} with {contact}: timings confirmed, waiting for their legal review.",
        "Sent {contact} the revised {brand} estimate and the production schedule.",
        "Workshop with {contact} on next year's {brand} priorities; several open questions remain.",
        "{contact} asked for the {brand} reporting a week earlier than agreed; we said yes.",
        "Walked {contact} through the {brand} media flowchart; they will come back after their board.",
    ],
    Interaction.Sentiment.NEGATIVE: [
        "{contact} unhappy with the third round of {brand} layouts; asked why the brief was missed again.",
        "Procurement questioned the {brand} fee level; {contact} hinted at a review.",
        "{contact} mentioned that their CMO is talking to other agencies about {brand}.",
        "{contact} complained that the {brand} invoice arrived before the work was approved.",
        "Missed the {brand} print deadline by two days; {contact} had to move the insert.",
    ],
}
# What clients ask for; "{brand}" becomes the account's name, so no two accounts share a
# title, and each account draws different ones.
REQUESTS = [
    (
        "Social cut-downs of the {brand} spring TV spot",
        "Six-second and 15-second versions for Instagram and YouTube, same end frame.",
    ),
    (
        "POS display for the {brand} summer promotion",
        "Counter display and shelf wobblers for 400 stores; first samples by the sales meeting.",
    ),
    (
        "Update the {brand} brand guidelines with the new logo lock-up",
        "The legal team signed off the new lock-up; guidelines, templates and the asset portal need it.",
    ),
    (
        "Trade fair booth concept for {brand}",
        "36 m² corner booth, two meeting spaces, a product wall. Budget to be confirmed by procurement.",
    ),
    (
        "Radio campaign in Bavaria for {brand}",
        "Two 20-second spots for regional stations, airing in the four weeks before Easter.",
    ),
    (
        "Employer branding video for {brand}",
        "Two-minute film with real employees; shooting at the main site, subtitles in English.",
    ),
    (
        "Newsletter template refresh for {brand}",
        "Modular template for the monthly customer newsletter, tested in the usual mail clients.",
    ),
    (
        "Limited-edition packaging for {brand}",
        "Three design routes for the anniversary edition; printer's deadline is fixed.",
    ),
    (
        "Q1 media plan for {brand}",
        "Reach-based plan across TV, online video and out-of-home; the CMO wants scenarios at two budget levels.",
    ),
    (
        "Press kit for the {brand} product launch",
        "Press release, fact sheet, product shots and a short statement from the CEO.",
    ),
    (
        "Influencer shortlist for {brand}",
        "Ten creators between 50k and 500k followers, with audience data and rough fees.",
    ),
    (
        "Landing page for the {brand} autumn offer",
        "One page with the offer, a calculator and the sign-up form; tracking as agreed with their IT.",
    ),
    (
        "Christmas mailing to {brand} key accounts",
        "Printed card and a small gift for 250 key accounts; addresses come from their CRM.",
    ),
    (
        "Competitor ad review for {brand}",
        "What the three main competitors ran in the last six months, with spend estimates.",
    ),
    (
        "Photo shoot for the {brand} website relaunch",
        "Two days, people and product; usage rights for web and print for three years.",
    ),
]

# The creative department: teams that get briefs and routed feedback by e-mail.
CREATIVE_TEAMS = [
    ("Team Nord", "nord@creative.example", [
        "Jana Vogel <jana.vogel@creative.example>",
        "Ole Petersen <ole.petersen@creative.example>",
        "Mira Hansen <mira.hansen@creative.example>",
    ]),
    ("Team Süd", "sued@creative.example", [
        "Florian Huber <florian.huber@creative.example>",
        "Theresa Maier <theresa.maier@creative.example>",
    ]),
    ("Digital Studio", "digital@creative.example", [
        "Kemal Aydin <kemal.aydin@creative.example>",
        "Lisa Brandt <lisa.brandt@creative.example>",
        "Noah Klein <noah.klein@creative.example>",
    ]),
]  # fmt: skip

# Briefs, one in every state. Days count in working days: a step's "ago" is working days
# before today; timing and deliverable dates are working days from today (negative: gone).
# A step is (step, days ago, time, by, comment or feedback round); "feedback" logs a round
# and takes the step its verdict leads to, recorded by the round itself (as `feedback_log`
# does: no step row). A deliverable is (what, format, quantity, due,
# delivered). "first_version" holds the sections as they were before a change after
# approval. "request" names the client request (REQUESTS) the brief was made from.
BRIEFS = [
    {
        "account": "NLB-PILS",
        "title": "Long Light Nights: summer 2027 campaign",
        "owner": "executive", "planner": "planner", "team": "Team Nord", "budget": 420000,
        "timing": (-30, -17, 20),
        "sections": {
            "background": "Nordlicht Pils is the No. 3 premium Pils in Northern Germany (Hamburg, Schleswig-Holstein, Lower Saxony). Volume is flat, but the brand is losing drinkers under 35 to craft beers and local heroes. Summer brings 38% of the year's volume; last year's 'Nordlicht. Klar.' campaign was well liked but did not move consideration.",
            "business_objective": "Grow summer volume (May to August) by 4% against last year, and win 60 new on-trade outlets in the beach bars of Hamburg and Kiel.",
            "communication_objective": "Make Nordlicht Pils the beer of northern summer evenings: spontaneous awareness among people aged 25 to 39 in the core region from 31% to 36%, and 'a brand for people like me' up 5 points.",
            "target_audience": "People aged 25 to 39 in Northern Germany who spend summer evenings outdoors with friends: at the Elbe beach, on the Kiel Förde, in allotment gardens. They like beer but find premium Pils brands stiff, their fathers' choice.",
            "consumer_insight": "\"Up here summer is short, so we don't waste a single light evening.\" In June the sun sets after ten in the north; people stay out until the last light.",
            "proposition": "Nordlicht Pils makes the most of the long light nights.",
            "reasons_to_believe": "Brewed in Flensburg since 1888 with northern German barley; crisp, 4.8% ABV; the new 0.33 l long-neck bottle made for drinking outdoors.",
            "tone_of_voice": "Warm, dry northern humour; understated, never loud. Friends, not party people.",
            "mandatories": "Logo and long-neck bottle in every execution; end line \"Nordlicht Pils. Genieße verantwortungsvoll.\"; nobody under 25 cast or shown; no drinking near water sports or cars (Deutscher Werberat rules on alcohol); sunset times true for the place shown.",
            "channels": "TV (30s and 15s), OOH 18/1 and digital city-lights in Hamburg, Kiel, Bremen and Hanover; Instagram and TikTok; radio in the NDR area; POS for beach bars.",
        },
        "steps": [
            ("create", 34, "09:40", "executive", ""),
            ("submit", 33, "11:15", "executive", ""),
            ("sign_off", 32, "14:30", "planner", "Insight sharpened with the summer-evening interviews from Hamburg."),
            ("approve", 31, "10:05", "manager", ""),
            ("present", 17, "14:00", "executive", ""),
            ("feedback", 16, "11:30", "executive", {
                "contact": 0, "channel": "meeting", "sentiment": "neutral", "verdict": "minor_changes",
                "topics": ["creative"], "ack": (16, "15:10"),
                "said": "Route 'Last Light' is the one. Shorten the TV opening: the first five seconds feel like a tourism ad. The bottle needs to be bigger in the end frame.",
            }),
            ("present", 10, "15:00", "executive", ""),
            ("feedback", 9, "10:00", "executive", {
                "contact": 1, "channel": "call", "sentiment": "negative", "verdict": "major_changes",
                "topics": ["creative", "strategy"], "ack": (9, "13:45"),
                "said": "Their sales director saw the work and worries that the beach-bar scenes leave out the supermarket shopper. He wants a family barbecue scene, which goes against the audience we agreed in the brief.",
            }),
            ("present", 4, "11:00", "executive", ""),
            ("feedback", 1, "16:10", "executive", {
                "contact": 0, "channel": "email", "sentiment": "negative", "verdict": "rejected",
                "topics": ["budget", "creative", "timing"], "ack": None,
                "said": "Rejected the reworked film: \"It no longer feels like Nordlicht.\" They want to go back to the round-one cut with a new cast, ask who pays for the extra round, and want the radio spots on air two weeks earlier.",
            }),
        ],
        "deliverables": [
            ("Key visual", "Master artwork, print and digital", 1, -12, -12),
            ("Instagram carousel", "Instagram, 5 frames", 2, -2, None),
            ("30s TV spot 'Last Light'", "TV, broadcast master and 15s cut", 1, 3, None),
            ("OOH 18/1 poster", "OOH, three motifs", 3, 4, None),
            ("Radio 20s", "Radio, NDR 2 and Radio Hamburg", 2, 8, None),
        ],
    },
    {
        "account": "ALP-BRAND",
        "title": "Built for the Way Up: brand film",
        "owner": "executive", "planner": "planner", "team": "Team Süd", "budget": 350000,
        "timing": (-25, -11, 18),
        "sections": {
            "background": "Alpenwerk has made backpacks, shells and hiking boots in Kempten since 1952. Alpine club members know it; the city hikers who drive the market's growth don't, and think of Jack Wolfskin or Vaude first. The brand has not run a brand film in six years.",
            "business_objective": "Grow online sales to consumers by 15% in 2027 and win 20,000 new newsletter subscribers in the first quarter.",
            "communication_objective": "Give Alpenwerk one idea people recognise: aided awareness among urban hikers from 22% to 30%, and 'gear that lasts' among the top three associations.",
            "target_audience": "Urban hikers aged 28 to 45 in Munich, Stuttgart, Zurich and Vienna. They go to the mountains 10 to 20 weekends a year, research gear online for weeks and are proud of things that last.",
            "consumer_insight": "\"The summit photo is for Instagram; the way up is what I actually remember.\"",
            "proposition": "Alpenwerk is built for the way up.",
            "reasons_to_believe": "Every backpack made and repaired in Kempten; a lifetime repair service (41,000 repairs last year); seams tested on 1,000 km of Allgäu trails before launch; the Bergwacht Bayern carries Alpenwerk packs.",
            "tone_of_voice": "Honest, quiet confidence. Real people and real weather, no extreme-sports heroics.",
            "mandatories": "Real Alpenwerk employees or Bergwacht members, no models; shot in the Allgäu; the repair workshop shown; the new logo lock-up; no waterproofing claims beyond the tested 20,000 mm.",
            "channels": "60s brand film for YouTube and cinema; 30s and 6s cut-downs for online video and connected TV; paid social; a brand page on alpenwerk.de.",
        },
        "steps": [
            ("create", 28, "10:20", "executive", ""),
            ("submit", 27, "16:00", "executive", ""),
            ("sign_off", 26, "12:10", "planner", ""),
            ("approve", 25, "09:30", "manager", "Good brief. Keep the Bergwacht in, it is our proof."),
            ("present", 11, "14:00", "executive", ""),
            ("feedback", 10, "10:15", "executive", {
                "contact": 0, "channel": "meeting", "sentiment": "positive", "verdict": "minor_changes",
                "topics": ["creative"], "ack": (10, "11:40"),
                "said": "They loved the repair-workshop opening and the cast. Cut ten seconds from the opening, make the Bergwacht scene longer, and check that the music licence covers cinema.",
            }),
            ("present", 2, "10:30", "executive", ""),
        ],
        "deliverables": [
            ("Storyboard and animatic", "Film, 60s animatic", 1, -12, -12),
            ("60s brand film", "YouTube and cinema (DCP)", 1, 4, None),
            ("30s cut-down", "Online video and connected TV", 1, 4, None),
            ("6s bumpers", "YouTube bumper ads", 3, 9, None),
        ],
    },
    {
        "account": "ALP-BRAND",
        "title": "Grat trail running shoe launch",
        "owner": "executive", "planner": "planner", "team": None, "budget": 180000,
        "timing": (5, 20, 45),
        "sections": {
            "background": "Alpenwerk enters trail running with the 'Grat', a light mountain shoe developed with the Allgäu trail running club. It launches online and with 120 specialist retailers on 1 April 2027, in a category Salomon and Hoka dominate.",
            "business_objective": "Sell 12,000 pairs in 2027, 8,000 of them through retailers, and get the Grat into the top five trail shoes at Bergzeit and Globetrotter by June.",
            "communication_objective": "Make trail runners who know Alpenwerk for backpacks consider it for shoes: 25% aided awareness of the Grat among trail runners by summer.",
            "target_audience": "First draft, for the planner to sharpen: ambitious amateur trail runners aged 25 to 45 who run two or three times a week and enter one or two mountain races a year.",
            "consumer_insight": "First draft: \"On the way down I trust my shoes more than my legs.\"",
            "proposition": "First draft: the Grat keeps its grip when your legs don't.",
            "reasons_to_believe": "Vibram Megagrip outsole; twelve months of testing on the Zugspitz Ultratrail course; made by the team that has built Alpenwerk boots for 70 years; 290 g.",
            "tone_of_voice": "Energetic but grounded; a runner's language without the jargon.",
            "mandatories": "Product name 'Alpenwerk Grat' in full; price €169 in retail ads; launch date 1 April 2027; contracted athlete Lena Brandl in the key visual.",
            "channels": "30s launch film for social; Strava and Instagram; a POS kit for retailers; specialist press (Trail Magazin).",
        },
        "steps": [
            ("create", 3, "10:00", "executive", ""),
            ("submit", 1, "15:20", "executive", ""),
        ],
    },
    {
        "account": "LUM-MOB",
        "title": "Lumen Unlimited: 5G tariff launch",
        "owner": "executive", "planner": "planner", "team": "Digital Studio", "budget": 520000,
        "timing": (-17, 3, 15),
        "sections": {
            "background": "Lumen Telecom is the challenger among German mobile networks, strongest in the cities. In January 2027 it launches 'Lumen Unlimited', a 5G tariff with unlimited data. Telekom and Vodafone sell unlimited data for €60 to 85 a month, O2 for €50.",
            "business_objective": "120,000 Lumen Unlimited contracts in the first six months, 40% of them from customers switching from another network.",
            "communication_objective": "Make unlimited data feel normal, not premium: after one contact, 60% of viewers can repeat the price and the 'no throttling' promise.",
            "target_audience": "Heavy mobile users aged 20 to 40 in the big cities who stream and share their hotspot every day, and ration data at the end of the month.",
            "consumer_insight": "\"I check my data balance more often than my bank balance.\"",
            "proposition": "Lumen Unlimited: stop counting.",
            "reasons_to_believe": "Unlimited 5G data with no throttling; €39.99 a month, cancellable monthly; 5G in 92% of German cities (Connect network test 2026: 'good').",
            "tone_of_voice": "Light, confident, a little cheeky towards the big three; never mean.",
            "mandatories": "Price '€39.99 a month' with the required footnote (one-off connection fee €9.99, cancellable monthly); the Connect test seal as supplied; no comparison with named competitors.",
            "channels": "Online video (YouTube, connected TV), programmatic display, Instagram and TikTok, DOOH in the stations of the eight biggest cities, landing page lumen.de/unlimited.",
        },
        "first_version": {
            "reasons_to_believe": "Unlimited 5G data with no throttling; €44.99 a month on a 24-month contract; 5G in 92% of German cities (Connect network test 2026: 'good').",
            "mandatories": "Price '€44.99 a month' with the required footnote (24-month minimum term, one-off connection fee €9.99); the Connect test seal as supplied; no comparison with named competitors.",
        },
        "steps": [
            ("create", 20, "09:15", "executive", ""),
            ("submit", 19, "17:00", "executive", ""),
            ("sign_off", 18, "11:30", "planner", ""),
            ("approve", 17, "15:45", "manager", ""),
            ("revise", 12, "10:10", "executive", "Changed after approval: version 2 needs approval again."),
            ("submit", 12, "10:40", "executive", "The client cut the price to €39.99 and dropped the 24-month term."),
            ("sign_off", 11, "09:50", "planner", ""),
            ("approve", 10, "14:20", "manager", "Price and footnote checked with the client's legal team."),
        ],
        "deliverables": [
            ("Landing page key visual", "Web, hero and mobile crop", 1, -3, -3),
            ("Display banner set", "Programmatic display, eight sizes", 8, 2, None),
            ("15s pre-roll", "YouTube and connected TV", 2, 3, None),
            ("DOOH motifs", "DOOH in stations", 4, 8, None),
        ],
    },
    {
        "account": "NLB-PILS",
        "title": "Holstein Kiel sponsorship: second-half season activation",
        "owner": "coordinator", "planner": "planner", "team": "Team Nord", "budget": 95000,
        "timing": (3, 12, 28),
        "sections": {
            "background": "Nordlicht has sponsored Holstein Kiel for three seasons (sleeve sponsor and pouring rights at the stadium). Kiel knows the sponsorship, but it is hardly used outside the stadium, and the board decides on the renewal in April.",
            "business_objective": "Lift Nordlicht Pils retail sales in Schleswig-Holstein by 6% from January to March, and show the board a measurable return before the renewal.",
            "communication_objective": "Connect Nordlicht with Holstein Kiel beyond match days: sponsor recall among Kiel fans from 48% to 65%.",
            "target_audience": "Holstein Kiel fans in Schleswig-Holstein aged 20 to 55, mostly men, who watch away games in the pub or at home with friends.",
            "consumer_insight": "\"Away games are when you find out who your real football friends are.\"",
            "proposition": "Nordlicht brings the Storchennest to every away game.",
            "reasons_to_believe": "Official beer of Holstein Kiel since 2023; on tap in 140 Kiel pubs; fan-edition crates printed with the away fixtures.",
            "tone_of_voice": "Fan to fan: proud, self-deprecating, a little Plattdeutsch where it fits.",
            "mandatories": "The club's brand book (version 4) and DFL rules for the logo; no players drinking; \"Genieße verantwortungsvoll\"; no alcohol advertising next to youth-team content.",
            "channels": "Fan-edition crate and neck-hangers, a pub kit for 140 pubs, Instagram and the club app, stadium screens.",
        },
        "steps": [
            ("create", 6, "11:00", "coordinator", ""),
            ("submit", 4, "16:30", "coordinator", ""),
            ("sign_off", 2, "10:45", "planner", "Signed off: the away-game insight tested well with the fan panel."),
        ],
    },
    {
        "account": "KRN-RET",
        "request": "Christmas mailing to {brand} key accounts",
        "owner": "executive", "planner": None, "team": None, "budget": 18000,
        "timing": (2, 5, 12),
        "sections": {
            "background": "Krone Coffee Retail supplies 250 business customers (offices, hotels, caterers) with beans and machines. Christmas is when next year's contracts are discussed; last year's mailing, a generic card, got no response at all.",
            "business_objective": "Renew at least 90% of the key-account contracts for 2027 and sell the new single-origin range to 30 of them.",
            "communication_objective": "Thank each key account personally and get them to ask their Krone contact about the single-origin range.",
            "target_audience": "Office managers and food-and-beverage buyers at the 250 key accounts: they choose the coffee for hundreds of colleagues or guests, and get a dozen supplier presents every December.",
            "consumer_insight": "\"Every supplier sends a card; hardly anyone sends something the team actually uses.\"",
            "proposition": "A Christmas coffee break, on Krone.",
            "reasons_to_believe": "Roasting in Hamburg since 1921; the single-origin 'Krone Reserve' won gold at the German Roasting Awards 2026; a personal account manager for every customer.",
            "tone_of_voice": "Personal and warm, with Hanseatic understatement; no sales talk.",
            "mandatories": "Gift value under €35 per recipient (the client's compliance rules); signed by each customer's account manager; addresses only from the client's CRM, processed under a GDPR data-processing agreement.",
            "channels": "Printed card with a 250 g tin of Krone Reserve and a personal QR code to sign up for a tasting session; a follow-up e-mail in January.",
        },
        "steps": [
            ("create", 2, "14:20", "executive", ""),
        ],
    },
    {
        "account": "HEL-CORP",
        "title": "Capital markets day film: Science for Everyday",
        "owner": "executive", "planner": None, "team": None, "budget": 140000,
        "timing": (6, 15, 50),
        "sections": {
            "background": "Helios Pharma SE (Darmstadt, 4,200 employees) holds its first capital markets day in Frankfurt on 18 March 2027. It wants investors to see an innovator in everyday medicine, not only a maker of painkillers sold over the counter.",
            "business_objective": "Fill 300 seats at the capital markets day with analysts and investors, and reach 5,000 views of the film among financial audiences.",
            "communication_objective": "Show that Helios' research pipeline (three late-stage products) grows out of its everyday-medicine expertise.",
            "target_audience": "Sell-side analysts and institutional investors covering European mid-cap pharma; financial journalists.",
            "consumer_insight": "\"Every mid-cap pharma company tells me it's innovative. Show me the lab, not the slide.\"",
            "proposition": "Helios turns everyday medicine into tomorrow's science.",
            "reasons_to_believe": "€310m spent on research in 2026 (14% of revenue); three candidates in phase III; 1.2 billion doses a year made in Darmstadt.",
            "tone_of_voice": "Factual, calm and confident; no hype, no stock-footage lab clichés.",
            "mandatories": "Approval by Investor Relations and Legal; the safe-harbour disclaimer wherever the future is mentioned; no claims for medicines not yet approved (Heilmittelwerbegesetz); English with German subtitles.",
            "channels": "Three-minute film for the capital markets day and the investor relations website; 60s cut for LinkedIn.",
        },
        "steps": [
            ("create", 1, "09:30", "executive", ""),
        ],
    },
    {
        "account": "LUM-MOB",
        "title": "Lumen Campus: student tariff for the summer semester",
        "owner": "executive", "planner": "planner", "team": None, "budget": 160000,
        "timing": (8, 20, 35),
        "sections": {
            "background": "Lumen has a 9% share among students, against 24% among all under-30s. The 'Lumen Campus' tariff (20 GB for €9.99 with a student ID) launches for the summer semester; enrolment week is early April.",
            "business_objective": "35,000 Lumen Campus contracts by the end of May 2027.",
            "communication_objective": "Make students see Lumen as the network of their city, not of their parents' contract.",
            "target_audience": "Students in Germany, 18 to 27.",
            "consumer_insight": "Students want cheap data.",
            "proposition": "Lumen Campus: more data for less.",
            "reasons_to_believe": "20 GB for €9.99 a month with a student ID; 5G included; no minimum term; free switch to eSIM.",
            "tone_of_voice": "Young, direct, funny.",
            "mandatories": "Price with its footnote (valid student ID required, no connection fee); no university logos without written permission.",
            "channels": "Instagram, TikTok, Spotify audio, campus posters and the first-year welcome bags in 20 university cities.",
        },
        "steps": [
            ("create", 9, "13:00", "executive", ""),
            ("submit", 8, "10:30", "executive", ""),
            ("return_strategy", 6, "15:15", "planner", "The audience is every student in Germany and the insight is a price. Let's narrow it to first-year students in the 20 campus cities and use the first-year survey; I'll work through it with you on Tuesday."),
        ],
    },
    {
        "account": "NLB-PILS",
        "title": "Winterlicht: Christmas limited edition",
        "owner": "executive", "planner": "planner", "team": "Team Nord", "budget": 210000,
        "timing": (-76, -60, -25),
        "sections": {
            "background": "Every November Nordlicht brews 'Winterlicht', a darker festive beer sold for six weeks only. Last year's edition sold out in four weeks in Hamburg but barely moved in Lower Saxony.",
            "business_objective": "Sell 1.4 million bottles of Winterlicht between mid-November and New Year, 20% more than last year, with 30% of the volume in Lower Saxony.",
            "communication_objective": "Make Winterlicht the beer people bring to Christmas gatherings: 'a beer to share at Christmas' up 8 points in Lower Saxony.",
            "target_audience": "Beer drinkers aged 30 to 55 in Northern Germany who host or visit family and friends in December and like to bring something special.",
            "consumer_insight": "\"At Christmas I want to bring something to the table that starts a conversation.\"",
            "proposition": "Winterlicht: the beer that lights up the Christmas table.",
            "reasons_to_believe": "Brewed once a year with roasted malt and a hint of orange peel; numbered bottles; a six-pack gift box designed by a Flensburg illustrator.",
            "tone_of_voice": "Festive and cosy with a wink of northern dryness; never kitsch.",
            "mandatories": "The bottle number visible; \"Genieße verantwortungsvoll\"; no Father Christmas, no children; retail prices only in retailers' own formats.",
            "channels": "Gift box and six-pack design, OOH 18/1 in Hanover, Bremen and Hamburg, radio 20s, retailer leaflets, Instagram.",
        },
        "steps": [
            ("create", 80, "10:00", "executive", ""),
            ("submit", 79, "14:30", "executive", ""),
            ("sign_off", 78, "11:00", "planner", ""),
            ("approve", 76, "16:15", "manager", ""),
            ("present", 60, "10:00", "executive", ""),
            ("feedback", 58, "15:30", "executive", {
                "contact": 0, "channel": "meeting", "sentiment": "positive", "verdict": "approved",
                "topics": ["creative"], "ack": (58, "16:05"),
                "said": "Their board approved the gift box and the 'lights up the table' line in the meeting. One small wish: a warmer red on the 18/1 poster.",
            }),
            ("deliver", 24, "17:00", "executive", ""),
        ],
        "deliverables": [
            ("Gift box design", "Packaging, print-ready artwork", 1, -40, -41),
            ("OOH 18/1 poster", "OOH, two motifs", 2, -30, -31),
            ("Radio 20s", "Radio, ffn and NDR 2", 2, -28, -28),
            ("Instagram stories", "Instagram, six frames", 6, -26, -25),
        ],
    },
    {
        "account": "HEL-OTC",
        "title": "Kopfklar: spring pharmacy campaign",
        "owner": "s.koch", "planner": "planner", "team": "Team Süd", "budget": 260000,
        "timing": (-41, -22, 10),
        "sections": {
            "background": "Kopfklar (ibuprofen 400 mg) is Helios' headache brand, No. 4 in German pharmacies. 80% of its sales come from a recommendation at the pharmacy counter, where generic ibuprofen is cheaper.",
            "business_objective": "Grow Kopfklar pharmacy sales by 8% in the first half of 2027, and win 1,500 pharmacies for the spring window campaign.",
            "communication_objective": "Give pharmacists a reason to recommend Kopfklar over generics: 'works fast' recall among pharmacy staff from 35% to 50%.",
            "target_audience": "Pharmacists and pharmacy technicians (PTA) in community pharmacies first; then adults aged 30 to 60 with tension headaches who ask for advice at the counter.",
            "consumer_insight": "A PTA: \"When someone asks for something strong and fast, I have ten seconds to choose, and I choose what I can explain in one sentence.\"",
            "proposition": "Kopfklar dissolves fast, so it works fast.",
            "reasons_to_believe": "Ibuprofen lysinate is absorbed faster than standard ibuprofen (study on file); pain relief from 15 minutes in clinical studies; a small film-coated tablet.",
            "tone_of_voice": "Competent and clear, pharmacist to pharmacist; reassuring for consumers, never dramatic.",
            "mandatories": "The statutory text in full: \"Zu Risiken und Nebenwirkungen lesen Sie die Packungsbeilage und fragen Sie Ihre Ärztin, Ihren Arzt oder in Ihrer Apotheke.\"; the mandatory product information with the active ingredient; a study reference for every claim; approval by Helios' medical-legal review before anything goes out.",
            "channels": "Pharmacy window posters and counter displays, a PTA e-learning module, trade ads in DAZ and PTAheute, Apotheken Umschau.",
        },
        "steps": [
            ("create", 45, "09:45", "s.koch", ""),
            ("submit", 44, "15:00", "s.koch", ""),
            ("sign_off", 42, "10:20", "planner", ""),
            ("approve", 41, "13:00", "m.becker", ""),
            ("present", 22, "10:00", "s.koch", ""),
            ("feedback", 21, "14:40", "s.koch", {
                "contact": 1, "channel": "meeting", "sentiment": "negative", "verdict": "major_changes",
                "topics": ["creative", "strategy"], "ack": (21, "16:30"),
                "said": "Medical affairs refused the consumer line '15 minutes' as too absolute for a window poster; the route for pharmacy staff has to lead. They liked the PTA training idea.",
            }),
            ("present", 12, "11:00", "s.koch", ""),
            ("feedback", 11, "09:20", "s.koch", {
                "contact": 0, "channel": "email", "sentiment": "positive", "verdict": "approved",
                "topics": ["creative"], "ack": (11, "10:05"),
                "said": "Medical-legal review approved the trade route and the revised window poster. Go ahead with production.",
            }),
        ],
        "deliverables": [
            ("Trade ad DAZ", "Print, full page", 1, -8, -8),
            ("Pharmacy window poster", "Print, A1 and A0", 2, -5, -6),
            ("Counter display", "POS for 1,500 pharmacies", 1, 4, None),
            ("PTA e-learning module", "E-learning, ten minutes", 1, 9, None),
        ],
    },
    {
        "account": "LUM-FIB",
        "request": "Photo shoot for the {brand} website relaunch",
        "owner": "s.koch", "planner": "j.hoffmann", "team": "Digital Studio", "budget": 45000,
        "timing": (-6, 4, 12),
        "sections": {
            "background": "Lumen is building fibre to the home in 60 towns in Hesse and Rhineland-Palatinate. The fibre website relaunches in January; today it shows stock photos of city flats that look nothing like the small towns where the fibre is laid.",
            "business_objective": "Raise the website's pre-registration rate in rollout towns from 2.1% to 3.5% after the relaunch.",
            "communication_objective": "Show that fibre comes to towns like mine: real homes and real people from the rollout towns.",
            "target_audience": "Home owners and families aged 35 to 65 in the small rollout towns, many still on 16 Mbit/s copper lines.",
            "consumer_insight": "\"Fast internet is always for the cities; out here they tell us 'next year'.\"",
            "proposition": "Fibre has arrived in your street.",
            "reasons_to_believe": "Construction under way in 38 of the 60 towns; the connection is free for everyone who pre-registers; 1 Gbit/s both ways; local installation teams.",
            "tone_of_voice": "Neighbourly, straightforward, proud of the place; no technical jargon.",
            "mandatories": "Real residents of rollout towns, with model releases; usage rights for web and print for three years; no competitors' routers in shot; a range of ages and households.",
            "channels": "The relaunched website (home page and town pages), printed leaflets, ads in local newspapers.",
        },
        "steps": [
            ("create", 9, "11:30", "s.koch", ""),
            ("submit", 8, "09:40", "s.koch", ""),
            ("sign_off", 7, "14:00", "j.hoffmann", ""),
            ("approve", 6, "10:15", "m.becker", ""),
        ],
        "deliverables": [
            ("Shoot day 1: homes in Bad Camberg", "Photography, selected images", 40, 2, None),
            ("Shoot day 2: the construction teams", "Photography, selected images", 30, 3, None),
            ("Retouched website images", "Web, hero and town pages", 12, 9, None),
        ],
    },
    {
        "account": "LUM-FIB",
        "title": "The digger is in your street: pre-registration campaign",
        "owner": "s.koch", "planner": "j.hoffmann", "team": "Team Süd", "budget": 85000,
        "timing": (-71, -55, -35),
        "sections": {
            "background": "When Lumen starts digging in a town, residents have eight weeks to pre-register for a free connection. The first twelve towns reached only 28% pre-registrations; a town needs 40% to pay off.",
            "business_objective": "40% pre-registrations in each of the next 20 rollout towns within eight weeks of the start of construction.",
            "communication_objective": "Make every household in a rollout town know the deadline for the free connection and how to register.",
            "target_audience": "All households in the 20 rollout towns, above all home owners over 50, who decide on the connection and distrust door-to-door sales.",
            "consumer_insight": "\"I'll believe fibre is coming when I see the digger in my street.\"",
            "proposition": "The digger is in your street: register now and your connection is free.",
            "reasons_to_believe": "Construction dates published street by street; a free connection worth €799 until the deadline; information evenings in every town hall.",
            "tone_of_voice": "Clear, local, urgent without pressure.",
            "mandatories": "Deadline and street map on every piece; the Lumen hotline; GDPR-compliant QR codes; no 'last chance' pressure language (the client's sales code of conduct).",
            "channels": "Door-drop leaflet, construction-fence banners, local newspaper ads, Facebook ads targeted to each town.",
        },
        "steps": [
            ("create", 74, "10:10", "s.koch", ""),
            ("submit", 73, "15:30", "s.koch", ""),
            ("sign_off", 72, "09:50", "j.hoffmann", ""),
            ("approve", 71, "11:20", "m.becker", ""),
            ("present", 55, "14:00", "s.koch", ""),
            ("feedback", 54, "10:30", "s.koch", {
                "contact": 0, "channel": "call", "sentiment": "neutral", "verdict": "minor_changes",
                "topics": ["creative"], "ack": (54, "12:00"),
                "said": "Good, but older residents will struggle to read the map: bigger type, please, and add the dates of the town-hall evenings.",
            }),
            ("present", 50, "16:00", "s.koch", ""),
            ("feedback", 49, "11:10", "s.koch", {
                "contact": 0, "channel": "email", "sentiment": "positive", "verdict": "approved",
                "topics": ["creative", "timing"], "ack": (49, "11:45"),
                "said": "Approved for all 20 towns; the digger visual tested best in Limburg. Please have the first four towns printed in time for the start of construction.",
            }),
            ("deliver", 33, "16:40", "s.koch", ""),
        ],
        "deliverables": [
            ("Door-drop leaflet", "Print, DL, one version per town", 20, -45, -46),
            ("Construction-fence banner", "Print, 340 x 100 cm", 20, -40, -40),
            ("Local newspaper ad", "Print, quarter page", 5, -38, -37),
            ("Facebook ads", "Facebook, three formats", 3, -36, -36),
        ],
    },
    {
        "account": "VEL-LAUNCH",
        "title": "E-bike subscription launch in Munich, Cologne and Frankfurt",
        "owner": "s.koch", "planner": "j.hoffmann", "team": "Digital Studio", "budget": 230000,
        "timing": (-21, -1, 15),
        "sections": {
            "background": "Velo Urban, a Berlin start-up, rents e-bikes by monthly subscription (€59 a month with service and theft insurance). After Berlin and Hamburg it launches in Munich, Cologne and Frankfurt in March 2027, where Swapfiets and Dance are already on the streets.",
            "business_objective": "6,000 subscribers in the three new cities by the end of June 2027, at under €120 per subscriber acquired.",
            "communication_objective": "Make commuters see a subscribed e-bike as the alternative to a second car or a monthly transit pass.",
            "target_audience": "Commuters aged 25 to 45 in Munich, Cologne and Frankfurt with a 5 to 15 km journey to work, who like e-bikes but find them too dear to buy and fear theft.",
            "consumer_insight": "\"I'd ride to work every day if I didn't have to worry about the bike being stolen or broken.\"",
            "proposition": "Ride every day. We worry about the rest.",
            "reasons_to_believe": "Theft insurance and repairs included; a repair van at your door within 48 hours; cancel any month; a 14-day free trial.",
            "tone_of_voice": "Urban, upbeat and practical; not lifestyle gloss.",
            "mandatories": "Price €59 a month with its footnote (minimum term one month, €50 deposit); the app-store badges; nobody riding without a helmet.",
            "channels": "OOH and DOOH in the three cities, Instagram and TikTok, Spotify audio, search ads, launch events at the main stations.",
        },
        "steps": [
            ("create", 24, "09:20", "s.koch", ""),
            ("submit", 23, "14:10", "s.koch", ""),
            ("sign_off", 22, "10:00", "j.hoffmann", ""),
            ("approve", 21, "15:30", "m.becker", ""),
            ("present", 1, "11:00", "s.koch", ""),
        ],
        "deliverables": [
            ("City-light poster", "OOH, one motif per city", 3, 5, None),
            ("Instagram launch reel", "Instagram, 30s", 2, 6, None),
            ("Spotify audio ad", "Audio, 30s", 2, 10, None),
        ],
    },
    {
        "account": "BSI-CAR",
        "title": "Drive Smart: telematics tariff launch",
        "owner": "l.wagner", "planner": "j.hoffmann", "team": "Team Süd", "budget": 300000,
        "timing": (-8, 5, 25),
        "sections": {
            "background": "Brightside is a digital car insurer with 310,000 customers. In February 2027 it launches 'Drive Smart', a telematics tariff: an app rates driving style, and careful drivers get up to 30% of their premium back each year. HUK and Allianz offer telematics too, but fewer than 5% of drivers use it.",
            "business_objective": "50,000 Drive Smart policies in 2027, half of them from new customers, with churn below 8%.",
            "communication_objective": "Overcome the fear of being watched: 'I would try a telematics tariff' from 18% to 28% among target drivers.",
            "target_audience": "Drivers aged 25 to 45 who think of themselves as careful, pay more than €600 a year for car insurance and compare prices online.",
            "consumer_insight": "\"I drive better than most people, but my premium is worked out for people like them.\"",
            "proposition": "Finally, car insurance that pays you for driving well.",
            "reasons_to_believe": "Up to 30% back every year; the app rates braking, speed and time of day, never where you went; data stored in Germany; switch back to the standard tariff any time.",
            "tone_of_voice": "Smart, friendly, a little cheeky; open about data.",
            "mandatories": "'Up to 30%' always with its conditions footnote; product information as BaFin requires; the data-protection promise word for word as approved by the client's data protection officer; no speeding, not even as a joke.",
            "channels": "20s TV, online video, banners on comparison portals (Check24, Verivox), app-store ads, radio.",
        },
        "steps": [
            ("create", 13, "10:30", "l.wagner", ""),
            ("submit", 12, "16:20", "l.wagner", ""),
            ("sign_off", 10, "11:10", "j.hoffmann", ""),
            ("approve", 8, "09:40", "m.becker", ""),
        ],
        "deliverables": [
            ("Comparison-portal banners", "Display, Check24 and Verivox formats", 6, 4, None),
            ("20s TV spot", "TV and online video", 1, 12, None),
            ("Radio 20s", "Radio, national", 2, 15, None),
        ],
    },
    {
        "account": "LUM-MOB",
        "title": "Christmas bundles: give them the good phone",
        "owner": "executive", "planner": "planner", "team": "Digital Studio", "budget": 380000,
        "timing": (-30, -14, 4),
        "sections": {
            "background": "December brings 22% of Lumen's device sales. This year Lumen offers the new Pixel and Galaxy phones with Lumen Unlimited for €1 upfront. The big three run heavy Christmas campaigns; Lumen's share of voice in December is 9%.",
            "business_objective": "Sell 45,000 phone-and-tariff bundles between 1 and 24 December, 30% of them on lumen.de.",
            "communication_objective": "Make the Lumen bundle the easy Christmas present for the family's phone, with one idea in every channel despite a 9% share of voice.",
            "target_audience": "Parents aged 40 to 55 buying a phone as a Christmas present for a teenager or partner; they compare offers in shops and online in the first two weeks of December.",
            "consumer_insight": "\"Every Christmas someone in the family ends up with my old phone. This year I want to give the good one.\"",
            "proposition": "This Christmas, give them the good phone.",
            "reasons_to_believe": "The latest Pixel and Galaxy phones for €1 upfront with Lumen Unlimited; delivery before Christmas Eve for orders by 21 December; 30 days to return, even after Christmas.",
            "tone_of_voice": "Warm family humour, lightly self-aware; festive without snow-globe clichés.",
            "mandatories": "Device prices with the full price footnote; Google's and Samsung's brand guidelines; the delivery promise only with its order deadline.",
            "channels": "20s TV sponsorship bumpers, online video, Instagram and TikTok, DOOH, windows of the 180 Lumen shops.",
        },
        "steps": [
            ("create", 33, "09:00", "executive", ""),
            ("submit", 32, "12:30", "executive", ""),
            ("sign_off", 31, "10:40", "planner", ""),
            ("approve", 30, "14:00", "manager", ""),
            ("present", 14, "10:00", "executive", ""),
            ("feedback", 13, "17:05", "executive", {
                "contact": 0, "channel": "meeting", "sentiment": "neutral", "verdict": "minor_changes",
                "topics": ["creative", "timing"], "ack": (12, "09:15"),
                "said": "Good route. The shop windows must be in the shops by 30 November, so bring that deliverable forward; soften the teenager's eye-roll in the film.",
            }),
            ("present", 5, "11:30", "executive", ""),
            ("feedback", 2, "10:30", "executive", {
                "contact": 1, "channel": "call", "sentiment": "positive", "verdict": "approved",
                "topics": ["creative"], "ack": None,
                "said": "Approved everything on the call; their head of brand called it the best Christmas work Lumen has had.",
            }),
        ],
        "deliverables": [
            ("Shop-window posters", "Print, 180 shops", 180, -1, -1),
            ("20s TV sponsorship bumpers", "TV", 2, 1, None),
            ("Instagram and TikTok videos", "Social, 9:16", 4, 2, None),
            ("DOOH motifs", "DOOH", 3, 4, None),
        ],
    },
    {
        "account": "BSI-PITCH",
        "title": "Brightside pitch: one platform for every product",
        "owner": "manager", "planner": "planner", "team": None, "budget": 60000,
        "timing": (4, 10, 30),
        "sections": {
            "background": "Brightside has put its whole creative account (car, home and liability insurance, about €9m in media) out to pitch for 2027, with four agencies on the list and the final presentation in mid-January. We already handle Brightside Car Insurance, but the new CMO wants one platform across all products.",
            "business_objective": "Win the pitch: the full Brightside creative account from April 2027, about €1.1m in fees a year.",
            "communication_objective": "One idea for every product that makes a digital insurer feel human: brand consideration among people aged 25 to 45 from 14% to 20% within a year.",
            "target_audience": "People aged 25 to 45 who buy insurance online, compare prices on Check24 and stay with their insurer out of inertia rather than loyalty.",
            "consumer_insight": "First thoughts, for the planner: \"I only find out what my insurance is worth on the worst day of my year.\"",
            "proposition": "First thoughts: Brightside is there on the bad day, not just on the renewal date.",
            "reasons_to_believe": "Claims settled in 4.2 days on average (the market takes 11); 4.7 stars from 38,000 reviews; a claims team on the phone at weekends.",
            "tone_of_voice": "Warm, plain-spoken and optimistic, true to the name; never scare tactics.",
            "mandatories": "The pitch rules: three routes at most, one worked out for car insurance; no production spend before the final round; everything confidential under the pitch NDA.",
            "channels": "A brand platform for TV, online video, social and comparison portals; one route shown as a 30s animatic with key visuals.",
        },
        "steps": [
            ("create", 5, "09:30", "manager", ""),
            ("submit", 3, "17:10", "manager", ""),
        ],
    },
    {
        "account": "SWR-SAVE",
        "title": "Heat pump package: winter campaign",
        "owner": "l.wagner", "planner": None, "team": None, "budget": 120000,
        "timing": (5, 15, 40),
        "sections": {
            "background": "Stadtwerke Rheinau, the municipal utility for 180,000 households, wants more home owners to switch to a heat pump with its new installation package and heat-pump electricity tariff.",
            "business_objective": "1,200 heat pumps installed through the Stadtwerke package in 2027.",
            "communication_objective": "Make Rheinau's home owners see their Stadtwerke as the local adviser they trust on changing their heating.",
            "target_audience": "Home owners aged 40 to 70 in Rheinau with gas or oil heating more than 15 years old.",
            "consumer_insight": "\"I know I'll have to switch one day, but nobody can tell me what it will cost me.\"",
            "proposition": "Your Stadtwerke tells you what a heat pump really costs you.",
            "reasons_to_believe": "A free check at home by Stadtwerke engineers; a fixed-price package including the subsidy application; heat-pump electricity at 24 ct/kWh.",
            "tone_of_voice": "Local, trustworthy, factual.",
            "mandatories": "Subsidy amounts only as confirmed by the federal funding rules; the municipal corporate design.",
            "channels": "Local newspaper, radio, the customer magazine, a mailing with the annual bill.",
        },
        "steps": [
            ("create", 15, "10:00", "l.wagner", ""),
            ("cancel", 5, "12:30", "m.becker", "The client's supervisory board put the heat-pump package on hold until the federal subsidy rules for 2027 are published; they will brief us again in spring."),
        ],
    },
]  # fmt: skip

# Budgets (estimates), one in every state. A step is (step, working days ago, time, by,
# reason); "create" writes the lines, "submit" sends it for a decision, "approve" or
# "reject" decides it. A budget with "revision" above 1 is a change order: it starts from
# the approved revision before it, which its approval supersedes. A line is (kind,
# description, quantity, unit price, markup %).
FEE, THIRD_PARTY = BudgetLine.Kind.FEE, BudgetLine.Kind.THIRD_PARTY
MEDIA, OUT_OF_POCKET = BudgetLine.Kind.MEDIA, BudgetLine.Kind.OUT_OF_POCKET
FILM_LINES = [
    (FEE, "Creative concept and script, 90 h at 140 €", 90, 140, 0),
    (FEE, "Account management, 30 h at 120 €", 30, 120, 0),
    (THIRD_PARTY, "Film production, Studio Hamburg, two shooting days", 1, 68000, 15),
    (THIRD_PARTY, "Music licence, online, one year", 1, 6500, 15),
    (OUT_OF_POCKET, "Travel to the shoot, Garmisch-Partenkirchen", 1, 2400, 0),
]
BUDGETS = [
    {
        "account": "NLB-PILS",
        "title": "Beach bar POS kit, summer 2027",
        "purpose": "Counter displays, wobblers and menu boards for the 40 beach bars in Hamburg and Kiel that join the Long Light Nights campaign.",
        "steps": [
            ("create", 3, "10:10", "executive", ""),
            ("submit", 1, "15:40", "executive", ""),
        ],
        "lines": [
            (FEE, "Creative concept and design, 60 h at 140 €", 60, 140, 0),
            (FEE, "Account management, 12 h at 120 €", 12, 120, 0),
            (THIRD_PARTY, "Print and finishing of counter displays and wobblers, 40 bars", 1, 6800, 15),
            (OUT_OF_POCKET, "Courier to the 40 bars", 40, 35, 0),
        ],
    },
    {
        "account": "KRN-RET",
        "title": "Autumn menu in-store campaign",
        "purpose": "Menu boards and window posters for the autumn drinks in all 180 Krone coffee shops, with new food photography.",
        "steps": [
            ("create", 6, "14:20", "executive", ""),
            ("submit", 4, "11:20", "executive", ""),
        ],
        "lines": [
            (FEE, "Creative concept and design, 45 h at 140 €", 45, 140, 0),
            (FEE, "Artwork for the three store formats, 30 h at 110 €", 30, 110, 0),
            (THIRD_PARTY, "Print run menu boards and window posters, 180 stores", 1, 5400, 15),
            (THIRD_PARTY, "Food photography, one studio day", 1, 2800, 15),
            (OUT_OF_POCKET, "Props and food styling", 1, 450, 0),
        ],
    },
    {
        "account": "NLB-PILS",
        "title": "Long Light Nights: OOH and radio production",
        "purpose": "Photo production for the three OOH motifs, the 18/1 print run for Hamburg, Kiel, Bremen and Hanover, and the two radio spots.",
        "steps": [
            ("create", 5, "09:50", "executive", ""),
            ("submit", 3, "17:05", "manager", ""),
        ],
        "lines": [
            (FEE, "Creative concept and design, 120 h at 140 €", 120, 140, 0),
            (FEE, "Art direction at the shoot, 2 days at 1,100 €", 2, 1100, 0),
            (THIRD_PARTY, "Photo production for the OOH motifs, Studio Hamburg", 1, 9500, 15),
            (THIRD_PARTY, "Print run OOH 18/1, 400 sheets", 400, 22, 15),
            (THIRD_PARTY, "Radio production, two 20s spots", 1, 4800, 15),
            (THIRD_PARTY, "Model usage rights, three years", 1, 1000, 15),
            (OUT_OF_POCKET, "Travel to the shoot", 1, 1350, 0),
        ],
    },
    {
        "account": "KRN-RET",
        "title": "Christmas blend packaging",
        "purpose": "Three design routes and final artwork for the Christmas blend tins and bags.",
        "steps": [
            ("create", 26, "10:30", "executive", ""),
            ("submit", 25, "16:15", "executive", ""),
            ("approve", 24, "09:40", "manager", ""),
        ],
        "lines": [
            (FEE, "Packaging design, three routes, 50 h at 140 €", 50, 140, 0),
            (FEE, "Final artwork and printer liaison, 14 h at 110 €", 14, 110, 0),
            (THIRD_PARTY, "Print proofs and mock-ups", 1, 1200, 15),
            (OUT_OF_POCKET, "Press check at the printer, travel", 1, 260, 0),
        ],
    },
    {
        "account": "NLB-AF",
        "title": "Sampling at the Kieler Woche",
        "purpose": "Four days of sampling Nordlicht Alkoholfrei at the Kieler Woche, with a branded bar and a promotion team.",
        "steps": [
            ("create", 22, "11:00", "executive", ""),
            ("submit", 21, "10:25", "executive", ""),
            ("approve", 20, "14:50", "manager", ""),
        ],
        "lines": [
            (FEE, "Event concept and planning, 30 h at 120 €", 30, 120, 0),
            (THIRD_PARTY, "Promotion team, 4 days, 6 people", 24, 280, 15),
            (THIRD_PARTY, "Sampling bar and branding", 1, 4200, 15),
            (OUT_OF_POCKET, "Travel and hotel, Kiel", 1, 1150, 0),
        ],
    },
    {
        "account": "LUM-MOB",
        "title": "Lumen Unlimited: launch media, first flight",
        "purpose": "Paid social and online video for the first four weeks of the 5G tariff launch.",
        "steps": [
            ("create", 14, "09:30", "executive", ""),
            ("submit", 13, "12:00", "executive", ""),
            ("approve", 12, "10:15", "director", ""),
        ],
        "lines": [
            (MEDIA, "Social media budget, Instagram and TikTok, 4 weeks", 1, 38000, 0),
            (MEDIA, "Online video, YouTube pre-roll, 4 weeks", 1, 22000, 0),
            (FEE, "Media planning and buying, 40 h at 130 €", 40, 130, 0),
            (FEE, "Campaign reporting, 12 h at 120 €", 12, 120, 0),
        ],
    },
    {
        "account": "HEL-CORP",
        "title": "Annual report 2026: design and print",
        "purpose": "Concept, layout and print of the 64-page annual report.",
        "steps": [
            ("create", 9, "13:10", "executive", ""),
            ("submit", 8, "10:05", "executive", ""),
            ("reject", 7, "16:30", "manager", "The print run is priced on last year's quote: ask three printers. Helios wants the report online first, so halve the copies."),
        ],
        "lines": [
            (FEE, "Concept and layout, 80 h at 140 €", 80, 140, 0),
            (FEE, "Typesetting and corrections, 24 h at 110 €", 24, 110, 0),
            (THIRD_PARTY, "Print run, 2,000 copies, 64 pages", 1, 7800, 15),
            (OUT_OF_POCKET, "Proofs and courier", 1, 320, 0),
        ],
    },
    {
        "account": "ALP-BRAND",
        "title": "Built for the Way Up: brand film production",
        "purpose": "Script, production and music for the 60-second brand film and its cut-downs.",
        "steps": [
            ("create", 24, "10:00", "executive", ""),
            ("submit", 23, "15:30", "executive", ""),
            ("approve", 22, "11:45", "director", ""),
        ],
        "lines": FILM_LINES,
    },
    {
        # The client wanted the Bergwacht scene longer: a second day on the mountain.
        "account": "ALP-BRAND",
        "title": "Built for the Way Up: brand film production",
        "revision": 2,
        "purpose": "Script, production and music for the 60-second brand film and its cut-downs. Change order: a third shooting day with the Bergwacht.",
        "steps": [
            ("create", 10, "14:30", "executive", ""),
            ("submit", 9, "10:40", "executive", ""),
            ("approve", 8, "12:20", "director", ""),
        ],
        "lines": [
            *FILM_LINES[:2],
            (THIRD_PARTY, "Film production, Studio Hamburg, three shooting days", 1, 79500, 15),
            FILM_LINES[3],
            (OUT_OF_POCKET, "Travel to the shoot, Garmisch-Partenkirchen", 1, 3100, 0),
        ],
    },
    {
        # A change order in progress: the film goes to cinema too.
        "account": "ALP-BRAND",
        "title": "Built for the Way Up: brand film production",
        "revision": 3,
        "purpose": "Script, production and music for the 60-second brand film and its cut-downs. Change order: the cinema version.",
        "steps": [
            ("create", 1, "11:10", "executive", ""),
        ],
        "lines": [
            *FILM_LINES[:2],
            (THIRD_PARTY, "Film production, Studio Hamburg, three shooting days", 1, 79500, 15),
            FILM_LINES[3],
            (THIRD_PARTY, "Music licence extension for cinema", 1, 3200, 15),
            (THIRD_PARTY, "DCP mastering for cinema", 1, 1400, 15),
            (OUT_OF_POCKET, "Travel to the shoot, Garmisch-Partenkirchen", 1, 3100, 0),
        ],
    },
    {
        "account": "ALP-WIN",
        "title": "Winter campaign: retail window displays",
        "purpose": "Window displays for the 25 Alpenwerk partner stores from November.",
        "steps": [
            ("create", 2, "09:45", "coordinator", ""),
        ],
        "lines": [
            (FEE, "Display design and adaptations, 28 h at 140 €", 28, 140, 0),
            (THIRD_PARTY, "Display production and installation, 25 stores", 25, 390, 15),
        ],
    },
    {
        "account": "LUM-MOB",
        "title": "Lumen Unlimited: creator seeding",
        "purpose": "Devices and fees for ten creators who test the tariff for a month.",
        "steps": [
            ("create", 1, "16:20", "executive", ""),
        ],
        "lines": [
            (FEE, "Creator selection and briefing, 20 h at 120 €", 20, 120, 0),
            (THIRD_PARTY, "Creator fees, 10 creators", 10, 1500, 15),
            (OUT_OF_POCKET, "Test devices and shipping", 10, 95, 0),
        ],
    },
]  # fmt: skip


# Invoices: paid on time, paid late, late and unpaid, waiting (one over its budget, one
# above the managers' limit, for the director) and rejected. (account, budget title or
# None, direction, number, counterparty, amount, issued days ago, days to pay, paid days
# after issue or None, submitted (by, working days ago), decided (step, by, working days
# ago, reason) or None.)
CLIENT_INVOICE, SUPPLIER_INVOICE = "client", "supplier"
PAYMENTS = [
    ("ALP-BRAND", "Built for the Way Up: brand film production", SUPPLIER_INVOICE, "SHP-2026-0412",
     "Studio Hamburg Produktion", 62000, 24, 14, 12, ("executive", 16), ("approve", "director", 15, "")),
    ("ALP-BRAND", "Built for the Way Up: brand film production", CLIENT_INVOICE, "SU-2026-118",
     "Alpenwerk AG", 45000, 40, 30, None, ("executive", 28), ("approve", "director", 27, "")),
    ("KRN-RET", "Christmas blend packaging", CLIENT_INVOICE, "SU-2026-097", "Kaffeehaus Krone GmbH & Co. KG",
     10180, 50, 14, 22, ("executive", 35), ("approve", "manager", 34, "")),
    ("KRN-RET", None, CLIENT_INVOICE, "SU-2026-140", "Kaffeehaus Krone GmbH & Co. KG",
     30000, 2, 30, None, ("executive", 1), None),
    ("LUM-MOB", "Lumen Unlimited: launch media, first flight", SUPPLIER_INVOICE, "MP-88120",
     "Mediaplus Hamburg", 52000, 9, 21, None, ("coordinator", 6), ("approve", "director", 5, "")),
    ("LUM-MOB", "Lumen Unlimited: launch media, first flight", SUPPLIER_INVOICE, "MP-88177",
     "Mediaplus Hamburg", 18400, 3, 21, None, ("coordinator", 1), None),
    ("NLB-AF", "Sampling at the Kieler Woche", SUPPLIER_INVOICE, "KW-2026-31", "Promotion Nord GmbH",
     9800, 4, 30, None, ("executive", 2), None),
    ("NLB-PILS", None, CLIENT_INVOICE, "SU-2026-131", "Nordlicht Brauerei GmbH", 18000, 12, 30, None,
     ("executive", 9), ("approve", "manager", 8, "")),
    ("NLB-PILS", None, CLIENT_INVOICE, "SU-2026-102", "Nordlicht Brauerei GmbH", 18000, 42, 30, 25,
     ("executive", 30), ("approve", "manager", 29, "")),
    ("HEL-CORP", None, SUPPLIER_INVOICE, "DR-5521", "Druckerei Albers", 8900, 10, 30, None,
     ("executive", 6), ("reject", "manager", 5, "The annual report budget was rejected: nothing may be printed on it yet.")),
]  # fmt: skip

# Contracts whose notice deadlines fall in about 10, 40 and 200 days (and one a year off,
# decided). (account, title, kind, started days ago, ends in days, notice days, renews,
# renewal decision, included rounds, fee model, fee, markup %.)
CONTRACTS = [
    ("NLB-PILS", "Nordlicht retainer 2025-2027", "retainer", 640, 100, 90, True, "undecided", 2, "retainer", 18000, 15),
    ("LUM-MOB", "Lumen Mobile framework agreement", "framework", 420, 130, 90, False, "undecided", 2, "time", 1250, 12),
    ("ALP-BRAND", "Alpenwerk brand retainer", "retainer", 300, 290, 90, True, "undecided", 2, "retainer", 24000, 15),
    ("KRN-RET", "Krone retail retainer", "retainer", 200, 455, 90, True, "renew", 3, "retainer", 9500, 10),
    ("SWR-SAVE", "Energy-saving campaign SOW", "sow", 90, 75, 30, False, "undecided", 2, "fixed", 145000, 0),
]  # fmt: skip

# New business in every stage. (client, title, value, stage, probability, owner, pitch in
# days or None, closes in days, account code it was won as or None.)
OPPORTUNITIES = [
    ("Grünhof Bio", "Organic range relaunch", 120000, "lead", 10, "manager", None, 90, None),
    ("Fjord Fisheries", "German market entry", 240000, "qualified", 30, "m.becker", None, 75, None),
    ("Lumen Telecom", "Lumen Business: SME campaign 2027", 180000, "qualified", 35, "executive", None, 60, None),
    ("Brightside Insurance", "Home insurance pitch 2027", 450000, "pitch", 50, "manager", 12, 40, None),
    ("Grünhof Bio", "Grünhof pitch: brand platform", 300000, "pitch", 40, "director", 20, 55, None),
    ("Velo Urban", "Velo Urban launch", 220000, "won", 100, "s.koch", None, -120, "VEL-LAUNCH"),
    ("Helios Pharma", "Helios OTC: cold season 2027", 95000, "won", 100, "manager", None, -5, None),
    ("Tessera Fashion", "Tessera autumn collection", 160000, "lost", 0, "executive", None, -30, None),
]  # fmt: skip


def working_day(offset: int) -> date:
    """The working day (Monday to Friday) `offset` working days from today; before today
    if negative."""
    day, direction = timezone.localdate(), 1 if offset > 0 else -1
    for _ in range(abs(offset)):
        day += timedelta(days=direction)
        while day.weekday() >= 5:
            day += timedelta(days=direction)
    return day


def moment(days_ago: int, at: str) -> datetime:
    """`at` ("HH:MM", the agency's time zone) on the working day `days_ago` working days ago."""
    hour, minute = map(int, at.split(":"))
    return timezone.make_aware(datetime.combine(working_day(-days_ago), time(hour, minute)))


class Command(BaseCommand):
    help = "Load the demo agency (demo log-ins with password 'demo'); safe to run twice."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo data is only loaded with DEBUG on: it has well-known passwords."
            )
        rng = random.Random(2026)
        with transaction.atomic():
            users = self.seed_users()
            accounts = self.seed_clients_and_accounts(rng, users)
            self.seed_activity(rng, accounts, users)
            self.seed_contracts(users, accounts)
            self.seed_briefs(users, accounts)
            self.seed_budgets(users, accounts)
            self.seed_payments(users, accounts)
            self.seed_opportunities(users, accounts)
            self.seed_health(accounts)
            self.seed_notifications(users)
        self.stdout.write(self.style.SUCCESS("Demo agency ready. Log in at /login/ as:"))
        for username, first, last, role, _boss in DEMO_USERS[:5]:
            self.stdout.write(f"  {username:<12} / {DEMO_PASSWORD}   {first} {last}, {role.label}")

    def seed_users(self):
        users = {}
        for username, first, last, role, boss in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "role": role,
                    "email": f"{username}@suits.example",
                    "reports_to": users.get(boss),
                    "is_staff": role == Role.DIRECTOR,
                    "is_superuser": role == Role.DIRECTOR,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            users[username] = user
        return users

    def seed_clients_and_accounts(self, rng, users):
        clients = []
        for name, legal, industry, status in CLIENTS:
            client, created = Client.objects.get_or_create(
                name=name,
                defaults={
                    "legal_name": legal,
                    "name_key": company_name_key(name),
                    "industry": industry,
                    "status": status,
                    "website": f"https://www.{company_name_key(name)}.example",
                    "address": f"{rng.choice(['Hauptstraße', 'Hafenstraße', 'Am Markt'])} {rng.randint(1, 90)}\n"
                    f"{rng.choice(['20095 Hamburg', '80331 München', '50667 Köln', '10115 Berlin'])}",
                    "created_by": users["director"],
                },
            )
            if created:
                for i in range(rng.randint(2, 4)):
                    first, last = rng.choice(FIRST), rng.choice(LAST)
                    Contact.objects.create(
                        client=client,
                        name=f"{first} {last}",
                        job_title=TITLES[(i + len(name)) % len(TITLES)],
                        email=f"{first}.{last}.{client.pk}{i}@{client.name_key}.example".lower(),
                        phone=f"+49 40 {rng.randint(1000000, 9999999)}",
                        is_primary=i == 0,
                        is_decision_maker=i in (0, 1),
                        left_on=timezone.localdate() - timedelta(days=20)
                        if (i == 2 and len(name) % 3 == 0)
                        else None,
                    )
            clients.append(client)
        accounts = []
        today = timezone.localdate()
        for client_index, name, code, status, kind, team in ACCOUNTS:
            account, created = Account.objects.get_or_create(
                code=code,
                defaults={
                    "client": clients[client_index],
                    "name": name,
                    "status": status,
                    "kind": kind,
                    "start_date": today - timedelta(days=rng.randint(60, 900)),
                    "description": f"{name}: {kind.label.lower()} work for {clients[client_index].name}.",
                },
            )
            if created:
                for position, username in enumerate(team):
                    user = users[username]
                    AccountMembership.objects.create(
                        account=account, user=user, role=user.role, is_primary=position == 0
                    )
            accounts.append(account)
        return accounts

    def seed_activity(self, rng, accounts, users):
        now = timezone.now()
        statuses = list(ClientRequest.Status)

        def office_hours(days_ago: int) -> datetime:
            """A moment on a working day, between 9:00 and 17:30 in the agency's time zone,
            and never later than now (a time later today moves to the working day before)."""
            day = timezone.localdate() - timedelta(days=days_ago)
            minutes = rng.randrange(9 * 60, 17 * 60 + 30, 5)
            while True:
                while day.weekday() >= 5:
                    day -= timedelta(days=1)
                moment = timezone.make_aware(
                    datetime.combine(day, time(minutes // 60, minutes % 60))
                )
                if moment <= now:
                    return moment
                day -= timedelta(days=1)

        for index, account in enumerate(accounts):
            if account.interactions.exists() or account.requests.exists():
                continue
            contacts = list(account.client.contacts.all())
            team = [m.user for m in account.memberships.select_related("user")]
            # Some accounts are going well, some are wobbling, a few are in trouble.
            mood = [
                Interaction.Sentiment.POSITIVE,
                Interaction.Sentiment.NEUTRAL,
                Interaction.Sentiment.NEGATIVE,
            ][index % 3]
            for _ in range(rng.randint(4, 9)):
                sentiment = mood if rng.random() < 0.6 else rng.choice(list(Interaction.Sentiment))
                interaction = Interaction.objects.create(
                    account=account,
                    kind=rng.choice(list(Interaction.Kind)),
                    occurred_at=office_hours(rng.randint(1, 120)),
                    summary=rng.choice(SUMMARIES[sentiment]).format(
                        brand=account.name, contact=rng.choice(contacts).name.split()[0]
                    ),
                    sentiment=sentiment,
                    logged_by=rng.choice(team),
                )
                interaction.staff.set(rng.sample(team, k=min(2, len(team))))
                interaction.contacts.set(rng.sample(contacts, k=min(1, len(contacts))))
            asks = rng.sample(REQUESTS, k=rng.randint(2, 5))
            for n, (title, details) in enumerate(asks):
                status = statuses[(index + n) % len(statuses)]
                if account.status == Account.Status.CLOSED:
                    status = ClientRequest.Status.DONE
                owner = team[0]
                received = office_hours(rng.randint(0, 40))
                ClientRequest.objects.create(
                    account=account,
                    title=title.format(brand=account.name),
                    details=details,
                    contact=rng.choice(contacts) if contacts else None,
                    channel=rng.choice(list(ClientRequest.Channel)),
                    received_at=received,
                    wanted_by=(received + timedelta(days=rng.randint(5, 40))).date(),
                    budget_hint=Decimal(rng.choice([2500, 8000, 15000, 40000])),
                    priority=ClientRequest.Priority.HIGH
                    if n == 0 and index % 4 == 0
                    else ClientRequest.Priority.NORMAL,
                    status=status,
                    decline_reason="Outside the agreed scope; referred to the client's PR agency."
                    if status == ClientRequest.Status.DECLINED
                    else "",
                    logged_by=owner,
                    owner=owner,
                    triaged_by=users["manager"] if status != ClientRequest.Status.NEW else None,
                    triaged_at=received + timedelta(hours=5)
                    if status != ClientRequest.Status.NEW
                    else None,
                )

    def seed_briefs(self, users, accounts):
        """Creative teams and briefs in every state, with the steps, versions, deliverables
        and feedback rounds each has been through. Written directly, not through the
        services: those refuse dates gone by, and would e-mail the creative teams."""
        teams = {}
        for name, email, members in CREATIVE_TEAMS:
            team = CreativeTeam.objects.filter(name=name).first()
            if team is None:
                team = CreativeTeam(name=name, email=email, members="\n".join(members))
                team._history_user = users["manager"]
                team.save()
            teams[name] = team
        by_code = {account.code: account for account in accounts}
        for spec in BRIEFS:
            account = by_code[spec["account"]]
            title = spec.get("title") or spec["request"].format(brand=account.name)
            if not account.briefs.filter(title=title).exists():
                self.seed_brief(spec, account, title, users, teams)

    def seed_brief(self, spec, account, title, users, teams):
        def refuse(problem):
            raise CommandError(f"Demo brief “{title}”: {problem}")

        owner, planner = users[spec["owner"]], users.get(spec["planner"])
        team = AccountMembership.objects.of(account).current()
        if owner.role == Role.PLANNER or not team.filter(user=owner).exists():
            refuse("the owner must be an executive or above on the account's team.")
        if planner and not team.filter(user=planner, role=Role.PLANNER).exists():
            refuse("the planner must be a planner on the account's team.")
        request = None
        if "request" in spec:
            # Only a request still being worked on becomes a brief.
            request = ClientRequest.objects.filter(
                account=account, title=title, status=ClientRequest.Status.ACCEPTED, brief=None
            ).first()
        brief_due, first_presentation, final_delivery = (working_day(n) for n in spec["timing"])
        brief = Brief(
            account=account,
            title=title,
            request=request,
            owner=owner,
            planner=planner,
            creative_team=teams.get(spec["team"]),
            budget=Decimal(spec["budget"]),
            brief_due=brief_due,
            first_presentation=first_presentation,
            final_delivery=final_delivery,
            **{**spec["sections"], **spec.get("first_version", {})},
        )
        contacts = list(account.client.contacts.filter(left_on=None).order_by("-is_primary", "pk"))
        moments = [moment(ago, at) for _step, ago, at, _by, _extra in spec["steps"]]
        if moments != sorted(set(moments)) or moments[-1] > timezone.now():
            refuse("its steps must follow one another, in the past.")
        for (step, _ago, _at, username, extra), at in zip(spec["steps"], moments, strict=True):
            by, comment, feedback = users[username], "", None
            if step == "create":
                if not by.has_perm("briefs.create_brief"):
                    refuse(f"{by} may not start a brief.")
                self.save_as(brief, by, at)
                BriefStep.objects.create(
                    brief=brief, step="create", from_status="", to_status=brief.status, by=by, at=at
                )
                continue
            if step == "feedback":
                feedback, step = extra, "revisions"
                if feedback["verdict"] == Feedback.Verdict.APPROVED:
                    step = "client_approved"
            else:
                comment = extra
            if step == "revise":
                # An edit of a brief approved to creative: a new version, back in draft.
                if not brief.is_locked or not by.has_perm("briefs.edit_brief", brief):
                    refuse(f"{by} may not change it now.")
                target = Brief.Status.DRAFT
                brief.version += 1
                for name, text in spec["sections"].items():
                    setattr(brief, name, text)
            else:
                taken = Brief.LIFECYCLE.check(step, brief.status, status_label=brief.status)
                if not by.has_perm(taken.rule, brief):
                    refuse(f"{by} may not take the step “{step}”.")
                if step in Brief.NEEDS_COMMENT and not comment:
                    refuse(f"the step “{step}” needs a comment.")
                target = taken.target
            if step == "submit":
                if brief.versions.filter(number=brief.version).exists():
                    brief.version += 1
                BriefVersion.objects.create(
                    brief=brief,
                    number=brief.version,
                    sections=brief.sections(),
                    submitted_by=by,
                    submitted_at=at,
                )
            elif step == "present":
                brief.presented_on = timezone.localtime(at).date()
            elif step == "cancel":
                brief.cancel_reason = comment
            elif (
                step == "deliver"
                and brief.deliverables.filter(
                    Q(delivered_on=None) | Q(delivered_on__gt=timezone.localtime(at).date())
                ).exists()
            ):
                refuse("every deliverable must be delivered before the brief is.")
            source, brief.status = brief.status, target
            if feedback is not None:
                # The round numbers come from the brief's counter, as the service keeps it.
                brief.feedback_rounds += 1
                self.save_as(brief, by, at)
                self.seed_feedback(brief, feedback, by, at, contacts)
                continue
            self.save_as(brief, by, at)
            BriefStep.objects.create(
                brief=brief,
                step=step,
                from_status=source,
                to_status=target,
                by=by,
                at=at,
                comment=comment,
                # The brief went to the creative team at the time: nothing left to send.
                emailed_at=at + timedelta(minutes=2) if step == "approve" else None,
            )
            if step == "approve" and not brief.deliverables.exists():
                for what, medium, quantity, due, delivered in spec.get("deliverables", []):
                    deliverable = Deliverable(
                        brief=brief,
                        what=what,
                        format=medium,
                        quantity=quantity,
                        due_on=working_day(due),
                        delivered_on=working_day(delivered) if delivered is not None else None,
                    )
                    self.save_as(deliverable, owner, at)

    def seed_budgets(self, users, accounts):
        """Budgets in every state, each with its lines, submission and decision. Written
        directly, not through the services: those refuse dates gone by, and would notify
        the approvers."""
        by_code = {account.code: account for account in accounts}
        for spec in BUDGETS:
            account = by_code[spec["account"]]
            revision = spec.get("revision", 1)
            if not account.budgets.filter(title=spec["title"], revision=revision).exists():
                self.seed_budget(spec, account, revision, users)

    def seed_budget(self, spec, account, revision, users):
        def refuse(problem):
            raise CommandError(f"Demo budget “{spec['title']}” (revision {revision}): {problem}")

        moments = [moment(ago, at) for _step, ago, at, _by, _reason in spec["steps"]]
        if moments != sorted(set(moments)) or moments[-1] > timezone.now():
            refuse("its steps must follow one another, in the past.")
        if spec["steps"][0][0] != "create":
            refuse("it must start with “create”.")
        replaces = None
        if revision > 1:
            # A change order starts from the revision before, approved by then.
            replaces = account.budgets.filter(title=spec["title"], revision=revision - 1).first()
            if replaces is None or replaces.status != Budget.Status.APPROVED:
                refuse("the revision it replaces must be seeded first, and approved.")
            if replaces.decided_at >= moments[0]:
                refuse("it must start after the revision it replaces was approved.")
        team = AccountMembership.objects.of(account).current()
        budget = Budget(
            account=account,
            title=spec["title"],
            purpose=spec["purpose"],
            revision=revision,
            replaces=replaces,
        )
        for (step, _ago, _at, username, reason), at in zip(spec["steps"], moments, strict=True):
            by = users[username]
            if step in ("create", "submit"):
                if budget.status != Budget.Status.DRAFT:
                    refuse(f"only a draft is {step}d.")
                if (
                    not by.has_perm("accounts.draft_budget", budget)
                    or not team.filter(user=by).exists()
                ):
                    refuse(f"{by} may not {step} it: not on the account's team, or not allowed.")
            if step == "create":
                budget.created_by = by
                self.save_as(budget, by, at)
                for kind, description, quantity, unit_price, markup in spec["lines"]:
                    line = BudgetLine(
                        budget=budget,
                        kind=kind,
                        description=description,
                        quantity=Decimal(quantity),
                        unit_price=Decimal(unit_price),
                        markup_percent=Decimal(markup),
                    )
                    line._history_user, line._history_date = by, at
                    line.save()
                BudgetLine.objects.filter(budget=budget).update(created_at=at)
                budget_store_total(budget)  # as the line services do
                budget.refresh_from_db(fields=["total"])
            elif step == "submit":
                budget.status = Budget.Status.SUBMITTED
                budget.submitted_by, budget.submitted_at = by, at
                self.save_as(budget, by, at)
            elif step in ("approve", "reject"):
                # The rules judge the budget by its stored total, as the service does.
                budget = Budget.objects.get(pk=budget.pk)
                if budget.status != Budget.Status.SUBMITTED:
                    refuse("only a submitted budget is decided.")
                if not by.has_perm("accounts.decide_budget", budget) or by not in budget_approvers(
                    budget
                ):
                    refuse(f"{by} may not decide it.")
                if step == "reject" and not reason:
                    refuse("a rejection needs a reason.")
                budget.status = (
                    Budget.Status.APPROVED if step == "approve" else Budget.Status.REJECTED
                )
                budget.decided_by, budget.decided_at, budget.reject_reason = by, at, reason
                self.save_as(budget, by, at)
                if step == "approve" and replaces is not None:
                    replaces.status = Budget.Status.SUPERSEDED
                    self.save_as(replaces, by, at)
            else:
                refuse(f"there is no step “{step}”.")
        now = timezone.now()
        waited = working_days_before(timezone.localtime(now), settings.BUDGET_REMIND_WORKING_DAYS)
        if budget.status == Budget.Status.SUBMITTED and budget.submitted_at < waited:
            # The reminder job has had its turn on a budget waiting this long (as
            # `budgets_remind_waiting` claims it): nothing is left for it to send when the
            # demo starts.
            ago, at = spec["steps"][-1][1:3]
            due = moment(ago - settings.BUDGET_REMIND_WORKING_DAYS, at) + timedelta(minutes=5)
            Budget.objects.filter(pk=budget.pk).update(reminded_at=min(due, now))

    def seed_payments(self, users, accounts):
        """Invoices as their submitters and deciders entered them, by the approval rules."""
        by_code = {account.code: account for account in accounts}
        today = timezone.localdate()
        for (code, budget_title, direction, number, counterparty, amount, issued_ago, terms, paid_after,
             (submitter, submitted_ago), decision) in PAYMENTS:  # fmt: skip
            account = by_code[code]
            if account.payments.filter(direction=direction, number=number).exists():
                continue
            budget = account.budgets.filter(
                title=budget_title, status=Budget.Status.APPROVED
            ).first()
            if budget_title and budget is None:
                raise CommandError(f"Demo invoice {number}: “{budget_title}” is not approved.")
            by, at = users[submitter], moment(submitted_ago, "09:30")
            issued = today - timedelta(days=issued_ago)
            payment = Payment(account=account, budget=budget, direction=direction, number=number,
                              counterparty=counterparty, amount=Decimal(amount), issued_on=issued,
                              due_on=issued + timedelta(days=terms), submitted_by=by, submitted_at=at)  # fmt: skip
            if not by.has_perm("accounts.submit_payment"):
                raise CommandError(f"Demo invoice {number}: {by} may not enter invoices.")
            self.save_as(payment, by, at)
            if decision is None:
                continue
            step, decider, decided_ago, reason = decision
            decider = users[decider]
            if not decider.has_perm("accounts.decide_payment", payment):
                raise CommandError(f"Demo invoice {number}: {decider} may not decide it.")
            payment.status = (
                Payment.Status.APPROVED if step == "approve" else Payment.Status.REJECTED
            )
            payment.decided_by, payment.decided_at = decider, moment(decided_ago, "11:15")
            payment.reject_reason = reason
            self.save_as(payment, decider, payment.decided_at)
            if paid_after is not None:
                payment.status, payment.paid_on = (
                    Payment.Status.PAID,
                    issued + timedelta(days=paid_after),
                )
                paid_at = timezone.make_aware(datetime.combine(payment.paid_on, time(16, 0)))
                self.save_as(payment, users["manager"], min(paid_at, timezone.now()))
        # Waiting invoices the reminder job has already reminded of stay reminded.
        waited = working_days_before(timezone.localtime(), settings.BUDGET_REMIND_WORKING_DAYS)
        Payment.objects.waiting().filter(submitted_at__lt=waited).update(reminded_at=timezone.now())

    def seed_contracts(self, users, accounts):
        by_code = {account.code: account for account in accounts}
        today = timezone.localdate()
        for (code, title, kind, started_ago, ends_in, notice, renews, renewal, rounds, fee_model, fee,
             markup) in CONTRACTS:  # fmt: skip
            account = by_code[code]
            if account.contracts.filter(title=title).exists():
                continue
            contract = Contract(account=account, title=title, kind=kind, starts_on=today - timedelta(days=started_ago),
                                ends_on=today + timedelta(days=ends_in), notice_days=notice, auto_renews=renews,
                                renewal=renewal, included_rounds=rounds, fee_model=fee_model, fee=Decimal(fee),
                                markup_percent=Decimal(markup))  # fmt: skip
            manager = AccountMembership.objects.of(account).managers().first().user
            self.save_as(
                contract,
                manager,
                timezone.make_aware(datetime.combine(contract.starts_on, time(10, 0))),
            )

    def seed_opportunities(self, users, accounts):
        by_code = {account.code: account for account in accounts}
        clients = {client.name: client for client in Client.objects.all()}
        today = timezone.localdate()
        for (
            client,
            title,
            value,
            stage,
            probability,
            owner,
            pitch_in,
            closes_in,
            won_as,
        ) in OPPORTUNITIES:
            if Opportunity.objects.filter(title=title).exists():
                continue
            opportunity = Opportunity(
                client=clients[client], title=title, value=Decimal(value), stage=stage, probability=probability,
                owner=users[owner], pitch_on=today + timedelta(days=pitch_in) if pitch_in is not None else None,
                expected_close=today + timedelta(days=closes_in), account=by_code.get(won_as),
            )  # fmt: skip
            self.save_as(opportunity, users[owner], moment(20, "14:00"))

    def seed_health(self, accounts):
        """Twelve weeks of health, each computed from the demo's own data as it stood that
        week, and today's on each account. Nobody is told: the demo starts quietly."""
        by_code = {account.code: account for account in accounts}
        # The client put one account up for review: it shows red whatever its score.
        pitch = by_code["BSI-CAR"]
        if pitch.pitch_called_on is None:
            pitch.pitch_called_on = working_day(-4)
            self.save_as(pitch, User.objects.get(username="m.becker"), timezone.now())
        today = timezone.localdate()
        open_accounts = Account.objects.exclude(status=Account.Status.CLOSED)
        for weeks_ago in range(11, 0, -1):
            day = today - timedelta(weeks=weeks_ago)
            snapshots = [
                HealthSnapshot(account_id=pk, week=health.week_of(day), score=h.score, band=h.band,
                               points={e["signal"]: e["points"] for e in h.signals if e["signal"] != "forced"},
                               taken_at=timezone.make_aware(datetime.combine(day, time(2, 30))))
                for pk, h in health.compute(open_accounts, today=day).items()
            ]  # fmt: skip
            HealthSnapshot.objects.bulk_create(snapshots, ignore_conflicts=True)
        health.nightly(tell=False)
        # What the seeding marked is computed: nothing is left for the recompute job.
        Account.objects.filter(health_stale=True).update(health_stale=False)

    @staticmethod
    def save_as(obj, by, at):
        """Save `obj` as `by` did at `at`: its history and its timestamps say so."""
        adding = obj._state.adding
        obj._history_user, obj._history_date = by, at
        obj.save()
        stamps = {"created_at": at, "updated_at": at} if adding else {"updated_at": at}
        type(obj)._default_manager.filter(pk=obj.pk).update(**stamps)
        # And in memory, so that a later save of `obj` does not write today back.
        for name, value in stamps.items():
            setattr(obj, name, value)

    def seed_feedback(self, brief, spec, by, logged_at, contacts):
        """Log round `brief.feedback_rounds` of feedback on `brief` and route it by the
        rules, as the routing job would have done at the time (`briefs.routing`)."""
        acknowledged_at = moment(*spec["ack"]) if spec["ack"] else None
        feedback = Feedback(
            brief=brief,
            round=brief.feedback_rounds,
            received_at=logged_at - timedelta(minutes=45),
            contact=contacts[spec["contact"] % len(contacts)] if contacts else None,
            channel=spec["channel"],
            said=spec["said"],
            sentiment=spec["sentiment"],
            verdict=spec["verdict"],
            topics=sorted(spec["topics"]),
            logged_by=by,
            acknowledged_by=brief.owner if acknowledged_at else None,
            acknowledged_at=acknowledged_at,
        )
        feedback.beyond_included = feedback.round > included_rounds(brief.account_id)
        if acknowledged_at and not brief.owner.has_perm("briefs.acknowledge_feedback", brief):
            raise CommandError(f"Demo brief “{brief}”: its owner may not acknowledge feedback.")
        self.save_as(feedback, by, logged_at)
        routed_at = logged_at + timedelta(minutes=1)
        sight = Sight()
        for recipient in recipients_of(feedback):
            person = recipient.person
            is_team = isinstance(person, CreativeTeam)
            if not is_team and not sight.sees(person, brief.account_id):
                continue
            FeedbackRouting.objects.create(
                feedback=feedback,
                recipient_key=recipient.key,
                user=None if is_team else person,
                creative_team=person if is_team else None,
                name=str(person),
                email=person.email,
                reasons=recipient.reasons,
                # The creative team's e-mail went out at the time: the sweep sends no more.
                emailed_at=routed_at if is_team else None,
            )
        FeedbackRouting.objects.filter(feedback=feedback).update(created_at=routed_at)
        Feedback.objects.filter(pk=feedback.pk).update(
            routed_at=routed_at, updated_at=acknowledged_at or logged_at
        )

    def seed_notifications(self, users):
        """A few unread notifications, so the bell has something to say. Marked e-mailed:
        demo data sends no mail."""
        now = timezone.now()
        for username, kind, request in [
            ("executive", "request.assigned", ClientRequest.objects.filter(owner=users["executive"]).first()),
            ("executive", "request.untriaged", ClientRequest.objects.filter(owner=users["executive"], status="new").first()),
            ("manager", "request.high_priority", ClientRequest.objects.filter(priority="high", account__memberships__user=users["manager"]).first()),
        ]:  # fmt: skip
            if request is None:
                continue
            message = {
                "request.assigned": f"Max Lehmann made you the owner of “{request.title}”",
                "request.untriaged": f"Nobody has triaged “{request.title}” on {request.account} yet",
                "request.high_priority": f"High-priority request on {request.account}: {request.title}",
            }[kind]
            Notification.objects.get_or_create(
                key=f"demo:{kind}:{request.pk}:{username}",
                defaults={
                    "recipient": users[username],
                    "kind": kind,
                    "message": message,
                    "link": request.get_absolute_url(),
                    "emailed_at": now,
                },
            )
