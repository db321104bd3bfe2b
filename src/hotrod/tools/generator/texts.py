"""Words the generator puts in names and support messages."""

FIRST_NAMES = (
    "Mike", "Dave", "Steve", "Chris", "John", "Rick", "Tony", "Gary", "Joe", "Bill", "Randy", "Jim", "Kevin",
    "Brian", "Scott", "Jeff", "Mark", "Dan", "Paul", "Ray", "Carlos", "Luis", "Sam", "Matt", "Jake", "Tyler",
    "Kyle", "Cody", "Josh", "Ryan", "Amy", "Lisa", "Karen", "Sarah", "Jess", "Nicole", "Maria", "Angela", "Tina", "Becky",
)
LAST_NAMES = (
    "Baker", "Smith", "Johnson", "Miller", "Davis", "Garcia", "Rodriguez", "Wilson", "Martinez", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis",
    "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott", "Green", "Adams", "Nelson", "Hill", "Campbell",
    "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker",
)

# First customer message per (topic, mood); moods: negative, neutral, positive.
# Topics: order status, return, damaged, wrong part, fitment question.
OPENERS = {
    (0, 0): ("Where is my order {order}?? It has been a week and tracking has not moved. This is ridiculous.",
             "Still no package for {order}. Really disappointed, I needed these parts for the weekend.",
             "Order {order} is late and nobody answers. Terrible service, I want a refund.",
             "My order {order} shows delivered but nothing arrived. Very frustrated.",
             "Why hasn't {order} shipped yet? I paid for it days ago. Not happy at all.",
             "Tracking for {order} is stuck. Awful experience so far."),
    (0, 1): ("Hi, can you tell me when order {order} will ship?", "What is the tracking number for {order}?",
             "Checking on the status of order {order}.", "Has {order} shipped yet?",
             "Can I change the shipping address on {order}?", "Is {order} coming UPS or USPS?"),
    (0, 2): ("Thanks! Just checking when {order} ships, excited to get it.", "Great prices, when will {order} arrive? Thanks!",
             "Love your fittings. Quick question on {order} delivery date, thanks!", "Awesome, order {order} placed, when does it ship?",
             "Thanks for the quick checkout. When should {order} arrive?", "Happy with the last order, checking on {order}."),
    (1, 0): ("The hose ends from {order} leak at the fitting. Poor quality, I want to return them.",
             "These parts from {order} are junk. How do I return them?", "Return for {order}: wrong finish and the threads are bad. Annoyed.",
             "I want my money back for {order}. The regulator failed after one day.",
             "Bad experience with {order}, the pump is noisy and weak. Returning it.",
             "Hate to say it but {order} was a waste. Need a return label."),
    (1, 1): ("I'd like to return an item from {order}.", "How do I start a return for {order}?",
             "Ordered the wrong size on {order}, can I exchange it?", "Return request for one item on {order}.",
             "Can I swap the -6 for a -8 on {order}?", "What is your return policy for {order}?"),
    (1, 2): ("Great service! I just ordered the wrong size on {order}, can I swap it? Thanks!",
             "Love the quality, but I need a different size from {order}. Thanks for the help!",
             "Thanks, easy exchange question on {order}.", "Happy customer, just need to return one extra fitting from {order}.",
             "Awesome parts, ordered one too many on {order}. Return ok?", "Thank you! Small exchange needed on {order}."),
    (2, 0): ("The radiator from {order} arrived damaged. Box was crushed. Very upset.",
             "Parts in {order} came scratched and dented. Unacceptable.", "Damaged carburetor in {order}, this is terrible.",
             "Broken fitting in {order}. Really angry, I lost a weekend.", "{order} showed up damaged and leaking. Awful.",
             "Crushed box, bent fan shroud on {order}. Not happy."),
    (2, 1): ("One fitting in {order} arrived damaged.", "The box for {order} was damaged, please check.",
             "Small dent on the part from {order}.", "Photo attached of the damage on {order}.",
             "Part in {order} has a scratch.", "Shipping damage on {order}."),
    (2, 2): ("Thanks for the fast shipping! One small fitting in {order} was bent though.",
             "Great packaging usually, one part in {order} got a scratch. No big deal, thanks!",
             "Love the parts, just a minor dent on {order}. Thanks!", "Happy overall, one damaged washer in {order}.",
             "Thanks! Tiny issue with {order}, a bent clip.", "Appreciate it, small damage on {order}."),
    (3, 0): ("You sent the wrong part on {order}. Second time this happened. Frustrated.",
             "Wrong size fittings in {order}. I can't finish my build. Terrible.",
             "This is not what I ordered on {order}. Really annoyed.", "Wrong carb in {order}, I am angry.",
             "Got someone else's parts in {order}. Awful.", "Incorrect hose on {order}, bad experience."),
    (3, 1): ("I think I received the wrong item on {order}.", "The SKU on {order} does not match the box.",
             "Received -8 instead of -6 on {order}.", "Wrong color on {order}.",
             "Item mismatch on {order}.", "Packing slip on {order} lists a different part."),
    (3, 2): ("Thanks for the quick delivery, but I think {order} has the wrong size. Thanks for checking!",
             "Love the store. Small mix-up on {order}, wrong finish.", "Great service, just a wrong part in {order}. Thanks!",
             "Happy to exchange, {order} had a different size. Thanks!", "Thanks! Minor mix-up on {order}.",
             "Appreciate the help, {order} came with the wrong adapter."),
    (4, 0): ("Your fitment chart is useless. Will this pump fit my {vehicle} or not?",
             "Nobody answered my last message. Does this kit fit a {vehicle}? Frustrated.",
             "The site says it fits a {vehicle} but it doesn't. Bad info.", "I am tired of guessing, does this fit a {vehicle}?",
             "Terrible fitment info for the {vehicle}.", "Annoyed, the listing for {vehicle} is wrong."),
    (4, 1): ("Will this fit a {vehicle}?", "What size AN line do I need for a {vehicle}?",
             "Does the regulator work with a {vehicle}?", "Which radiator fits a {vehicle}?",
             "Is there a brake kit for a {vehicle}?", "What fittings do I need for a {vehicle}?"),
    (4, 2): ("Love your stuff! Will this fit my {vehicle}? Thanks!", "Great site. Does this kit fit a {vehicle}? Thanks!",
             "Awesome parts, building a {vehicle}, what hose do you recommend?", "Thanks in advance, fitment for a {vehicle}?",
             "Happy customer here, planning a {vehicle} build. Which pump?", "Excellent catalog! Will this fit my {vehicle}?"),
}
FOLLOWUPS = ("Thanks for the update.", "Ok, any news?", "Still waiting on this.", "Great, thanks for the help!",
             "That does not solve my problem.", "Got it, appreciate it.")
REPLIES = ("Thanks for reaching out! Your order shipped today, tracking is in your email.",
           "Sorry about that. We have sent a replacement at no charge.",
           "Happy to help. Here is a prepaid return label.",
           "That part fits your vehicle; use -6 AN for the feed line.",
           "We are checking with the carrier and will update you within 24 hours.",
           "Apologies for the trouble. A refund has been issued.")
BOT_TEXTS = ("Thanks for contacting Hot Rod AN! An agent will be with you shortly.",
             "Our team replies within one business day. Meanwhile, see our fitment guide.")
NOTES = ("Customer is a repeat buyer, expedite.", "Checked warehouse, item was mis-picked.",
         "Carrier claim opened.", "Needs manager approval for refund.")
VEHICLES = ("1955 Chevy Bel Air", "1969 Camaro", "67 Mustang", "C10 with an LS swap", "1932 Ford roadster",
            "SBC 350 Nova", "Ford 9-inch rear end", "1970 Chevelle", "Model A hot rod", "BBC 454 truck")
REOPENERS = ("Hi again, the fitting still leaks after I tightened it.", "Sorry, one more question about this order.",
             "The replacement arrived but it is the wrong size too.", "Tracking has not moved since yesterday.",
             "Can you check this again? Still not working.", "Thanks, but I never got the return label.")
CSAT_SURVEY = "Please rate the conversation"
