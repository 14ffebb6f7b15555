"""Phrase banks and fake-value makers for the synthetic support corpus (composition lives in corpus.py).

Sentences use ``str.format`` slots filled lazily per message: {product} {product2} {order} {amount}
{amount2} {date} {ndate} {ddate} {eur} {tracking} {carrier} {days} {version} {device} {browser} {error}
{plan} {promo} {last4} {count} {years} {sku} {ticket}. Nothing in the English/foreign banks may be
PII (no person names, cities, emails, ...): PII is only ever injected through ``PII_TEMPLATES`` with
values from ``PII_MAKERS`` (all fake: 555 / Ofcom drama phone ranges, Luhn-valid cards, mod-97 IBANs).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from random import Random

LABELS = ("billing", "shipping", "technical", "account", "returns", "feedback")
LABEL_WEIGHTS = (25, 20, 18, 15, 12, 10)
CHANNELS, CHANNEL_WEIGHTS = ("email", "chat", "web"), (45, 35, 20)
TIERS, TIER_WEIGHTS = ("free", "plus", "pro"), (55, 30, 15)

OPENINGS = (
    "Hi,",
    "Hello,",
    "Hi there,",
    "Hello team,",
    "Good morning,",
    "Good afternoon,",
    "Dear support team,",
    "Hey,",
    "To whom it may concern,",
    "Hi support,",
    "Hello, hope you're well.",
    "Quick question.",
    "I need some help please.",
    "Hi, I'm writing about order {order}.",
    "Hello, this is about my recent purchase.",
    "Hi again,",
    "Good evening,",
    "",
    "",
    "",
)
CLOSINGS = (
    "Thanks.",
    "Thank you!",
    "Thanks in advance.",
    "Best regards.",
    "Kind regards.",
    "Cheers.",
    "Thanks for your help.",
    "Looking forward to your reply.",
    "Appreciate it.",
    "Regards.",
    "",
    "",
)
GENERIC_DETAILS = (
    "I've been a customer for a while and this hasn't happened before.",
    "I already contacted you through the chat but got disconnected.",
    "This is my second message about this.",
    "I'm available most afternoons if a call is easier.",
    "My order number is {order} in case you need it.",
    "I placed the order on {date} through the website.",
    "I'd appreciate a quick answer because this is time-sensitive.",
    "I searched the help center but couldn't find anything about this.",
    "Honestly I'm a bit frustrated at this point.",
    "It was a birthday present, so the timing matters.",
    "I'm using the {device} app most of the time.",
    "Let me know if you need any more information from me.",
    "Your previous reply (ticket {ticket}) didn't really answer my question.",
    "I've attached a couple of screenshots to make it clearer.",
    "I've read the FAQ twice and it doesn't cover my situation.",
    "I'm travelling next week, so a quick fix would really help.",
    "A friend placed a similar order last month without any problems.",
    "I'm not very technical, so please keep the explanation simple.",
    "I'd rather sort this out by email than on the phone.",
    "I usually use the website from my laptop, not the app.",
)

PROBLEMS = {
    "billing": (
        "I was charged twice for order {order}, once for {amount} and again a day later.",
        "My card ending in {last4} was billed {amount} but I never placed that order.",
        "The invoice for my {plan} shows {amount} instead of the price I was quoted.",
        "I see a pending charge of {amount} from your store that I don't recognize.",
        "My {plan} renewed automatically and I was charged {amount} even though I cancelled on {date}.",
        "The promo code {promo} was accepted at checkout but the discount never came off my total.",
        "I was charged sales tax on order {order} even though my organization is tax exempt.",
        "My payment keeps getting declined even though my bank says there is nothing wrong with the card.",
        "I paid {amount} with a gift card plus PayPal, but the gift card balance was not applied.",
        "Can you explain the {amount} fee on my last statement? It just says 'service adjustment'.",
        "I was billed for express delivery on {order} but it should be free with my {plan}.",
        "The price of the {product} dropped to {amount2} two days after I paid {amount}; do you price match?",
        "I need a proper VAT invoice for order {order} for my company's bookkeeping.",
        "The installment plan for the {product} took the second payment two weeks early.",
    ),
    "shipping": (
        "My order {order} was supposed to arrive on {date} but the tracking hasn't updated in {days} days.",
        "The tracking number {tracking} says delivered, but there's nothing at my door.",
        "{carrier} returned my package to the sender and I have no idea why.",
        "I chose express shipping for the {product} and it still hasn't left the warehouse.",
        "Only part of order {order} arrived; the {product2} never made it into the box.",
        "The box arrived crushed and the {product} inside is dented.",
        "Can I change the delivery address on order {order}? It hasn't shipped yet.",
        "The estimated delivery date keeps moving, now it says {date}.",
        "Do you ship to PO boxes? My order seems stuck because of the address format.",
        "The courier left a note saying they couldn't deliver, but I was home all day.",
        "My package has been 'in transit' with {carrier} for over a week.",
        "Customs is holding my order and asking for an import fee I wasn't told about.",
    ),
    "technical": (
        "The {device} app crashes every time I open my order history.",
        "After updating to version {version}, the {product} no longer pairs with my phone.",
        "Your website shows error {error} when I try to check out.",
        "The {product} won't turn on after the latest firmware update.",
        "I can't add items to my cart in {browser}; the button does nothing.",
        "The page keeps loading forever when I open the product reviews.",
        "The {product} disconnects from Wi-Fi every few minutes.",
        "Push notifications stopped working on my {device} after the last update.",
        "The size guide on the product page is completely blank.",
        "The barcode scanner in the app doesn't recognize anything I point it at.",
        "The {product} companion app says my device is unsupported.",
        "Search results on the site are empty no matter what I type.",
    ),
    "account": (
        "I can't log in to my account; it says my password is incorrect even after resetting it.",
        "I never received the verification email for my new account.",
        "Please update the email address on my profile; I no longer use the old one.",
        "I want to delete my account and all the data you hold about me.",
        "My account was locked after too many login attempts.",
        "Two-factor authentication codes are not arriving on my phone anymore.",
        "Someone changed my password and I think my account was hacked.",
        "I accidentally created two accounts and want to merge the order histories.",
        "How do I upgrade my account from the free tier to the {plan}?",
        "My saved addresses and wishlist disappeared from my profile.",
        "I'd like to unsubscribe from all marketing emails but keep my account.",
        "The reward points from my last {count} orders aren't showing on my account.",
    ),
    "returns": (
        "I'd like to return the {product} from order {order}; it doesn't fit.",
        "The {product} I received is not the color shown on the website, so I want to send it back.",
        "I printed the return label but the drop-off point won't accept it.",
        "I sent the {product} back {days} days ago and the return still shows as not received.",
        "Is it possible to exchange the {product} for a different size instead of returning it?",
        "The return window on my order says closed, but I received it only {days} days ago.",
        "The {product} arrived defective and I'd like a replacement.",
        "Your return portal won't let me select the {product2} from order {order}.",
        "Do I have to pay for return shipping if the item arrived damaged?",
        "I sent back two items but only one shows up on the return status page.",
        "I want to return an item that was a gift, and I don't have the receipt.",
    ),
    "feedback": (
        "I just wanted to say I love the {product}, it's much better than I expected.",
        "Your checkout process has become really confusing since the redesign.",
        "The packaging on my last order was way too much plastic for such a small item.",
        "Customer service handled my last issue quickly and politely, so thank you.",
        "It would be great if you offered a dark mode in the app.",
        "The product photos for the {product} don't match what arrived; the description should be updated.",
        "I love the new {plan} perks, especially the early access sales.",
        "Please bring back the {product2}; it was my favorite and now it's discontinued.",
        "The delivery updates by text message are really helpful, keep them.",
        "Your prices on the {product} have gone up a lot compared to last year.",
        "The new loyalty program is hard to understand.",
        "I'd suggest adding a filter for sustainable products.",
    ),
}

DETAILS = {
    "billing": (
        "The charge appeared on my statement on {date}.",
        "My bank says the transaction is marked as completed, not pending.",
        "I have attached a screenshot of the statement showing both charges.",
        "The billing address on file is correct, I double-checked it.",
        "This is the third month in a row the amount has been different.",
        "I only have one active subscription as far as I can tell.",
        "Your checkout page showed {amount2} as the total, not {amount}.",
        "I'd prefer the money to go back to the original payment method rather than store credit.",
        "My bank can open a dispute, but I'd rather sort it out with you directly.",
        "The receipt email lists a different order total than my card statement.",
    ),
    "shipping": (
        "The last tracking event says it left the sorting facility.",
        "I've checked with the front desk in my building and they don't have it.",
        "The order confirmation shows the right address.",
        "It's a gift, so I really need it before the weekend.",
        "{carrier} told me to contact the sender, so here I am.",
        "The tracking page just shows 'label created' since {date}.",
        "Other orders from you have always arrived within {days} days.",
        "I paid extra for two-day delivery.",
        "There was no delivery photo attached to the tracking.",
        "The tracking number is {tracking}.",
    ),
    "technical": (
        "I have already tried clearing the cache and reinstalling the app.",
        "It happens on both Wi-Fi and mobile data.",
        "I'm on version {version} of the app on my {device}.",
        "Restarting the {product} helps for a few minutes, then it happens again.",
        "The same thing happens in {browser} and in the app.",
        "I've attached the error log the app generated.",
        "It worked fine until about {days} days ago.",
        "A factory reset did not fix it either.",
        "The error message just says 'Something went wrong, code {error}'.",
    ),
    "account": (
        "I tried the 'forgot password' link {count} times.",
        "I've checked the spam folder and there's nothing there.",
        "The account is registered under my work email.",
        "I've been a {plan} member for {years} years.",
        "I noticed a sign-in from a device I don't own on {date}.",
        "The app and the website both show the same message.",
        "I'd rather not lose my order history.",
    ),
    "returns": (
        "It's unused and still in the original packaging.",
        "I have the drop-off receipt with the tracking number {tracking}.",
        "The tags are still attached.",
        "I bought it during the sale on {date}.",
        "The box has been opened but the item itself was never used.",
        "The item number on the packing slip is {sku}.",
    ),
    "feedback": (
        "I've been shopping with you for {years} years and this is the first time I've written in.",
        "I've recommended your store to friends and family.",
        "It's not a complaint, just something to consider.",
        "Several reviews on the product page mention the same thing.",
        "Overall I'm happy, but this could be better.",
        "Other shops I use already do this.",
    ),
}

ASKS = {
    "billing": (
        "Please refund the duplicate charge as soon as possible.",
        "Could you send me an itemized invoice?",
        "Can you check what happened with the payment and correct the amount?",
        "Please cancel the renewal and reverse the charge.",
        "Let me know if you need the transaction reference from my bank.",
    ),
    "shipping": (
        "Can you open an investigation with the carrier?",
        "Please send a replacement or tell me when it will arrive.",
        "Could you give me an updated delivery estimate?",
        "Please update the address before it ships.",
        "Where exactly is my package right now?",
    ),
    "technical": (
        "Is this a known bug, and is there a fix coming?",
        "Can you tell me how to get it working again?",
        "Please escalate this to your technical team.",
        "Do you need any logs or screenshots from me?",
    ),
    "account": (
        "Please unlock my account or tell me how to regain access.",
        "Can you confirm once the change is made?",
        "Please confirm the deletion in writing.",
        "Could you reset the two-factor settings on my account?",
    ),
    "returns": (
        "Please send me a prepaid return label.",
        "Can you confirm the return was received?",
        "Please let me know how to proceed with the exchange.",
        "Could you extend the return window for me?",
    ),
    "feedback": (
        "Please pass this on to the right team.",
        "No reply needed, just wanted to share.",
        "I hope you take this into account.",
        "Would love to hear if this is on your roadmap.",
    ),
}

# Genuinely ambiguous problem statements, each usable for any of the labels listed with it.
AMBIGUOUS = (
    (
        ("billing", "returns"),
        "I returned the {product} on {date} but the refund of {amount} hasn't reached my card.",
    ),
    (("billing", "returns"), "You refunded {amount2} for my return instead of the full {amount}."),
    (("billing", "returns"), "I was charged a restocking fee of {amount} for returning a defective item."),
    (
        ("shipping", "billing"),
        "I paid {amount} for express shipping but the order came a week late; I want that fee back.",
    ),
    (
        ("technical", "billing"),
        "The checkout page crashed during payment and now I see two pending charges of {amount}.",
    ),
    (("account", "billing"), "I can't log in to update my expired card, so my {plan} payment failed."),
    (("account", "technical"), "The login page gives error {error} in every browser I try."),
    (
        ("shipping", "returns"),
        "The package arrived damaged and I don't know whether to refuse it or send it back.",
    ),
    (
        ("feedback", "shipping"),
        "Delivery with {carrier} has been really slow lately; it used to take {days} days.",
    ),
    (("feedback", "returns"), "Your returns process is far too complicated compared to other shops."),
    (("technical", "returns"), "The return portal shows error {error} when I try to print the label."),
)

# Tricky but PII-free sentences for the PII fixture's clean examples.
TRICKY_CLEAN = (
    "Order {order} was placed on {date} and cost {amount}.",
    "Tracking code {tracking} hasn't updated since {date}.",
    "The {product} firmware {version} fixed the pairing issue.",
    "Support ticket {ticket} was closed without a reply.",
    "Monday's delivery window was 9am to 1pm.",
    "Apple Pay was declined for the {amount} charge.",
    "Please escalate to Tier 2 support.",
    "My Plus membership renews on {date}.",
    "Version {version} of the iOS app still shows error {error}.",
    "Promo code {promo} didn't apply to the {product}.",
    "Warehouse B shipped item {sku} instead of the one I ordered.",
    "The receipt lists 3 items totaling {amount}.",
    "Returns Center says the refund takes 5-7 business days.",
    "Chrome 124 and Safari 17.4 both fail at step 2 of 3.",
)

PRODUCTS = (
    "Nimbus Pro headphones",
    "Aurora X2 smartwatch",
    "Nova kettle 1.7L",
    "TerraTrek backpack",
    "Lumen desk lamp",
    "Velo 3 charger",
    "Orbit mini speaker",
    "Cascade water filter",
    "Pixelframe 10 photo frame",
    "Solace blanket",
    "Ember air fryer",
    "Quill e-reader",
    "Halo smart bulb 4-pack",
    "Drift running shoes",
    "Atlas standing desk",
    "Breeze tower fan",
    "Summit rain jacket",
    "Koda robot vacuum",
    "Sprout planter set",
    "Echo yoga mat",
    "Vista 27-inch monitor",
    "Harbor duvet cover",
    "Pulse fitness band",
    "Cinder cast iron pan",
)
CARRIERS = ("UPS", "FedEx", "USPS", "DHL", "the courier", "OnTrac")
DEVICES = ("iPhone", "Android", "iPad", "Pixel", "Galaxy tablet", "Kindle Fire")
BROWSERS = ("Chrome", "Firefox", "Safari", "Edge")
PLANS = ("Plus membership", "Pro plan", "annual Plus plan", "Pro subscription")
PROMOS = ("SPRING20", "WELCOME10", "FREESHIP", "SAVE15NOW", "VIP25", "BLACKFRIDAY30")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# ---- foreign-language banks: {lang: {"open", "close", "generic", "ask", label...}} ----
FOREIGN = {
    "de": {
        "open": ("Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,", "Hallo zusammen,", "Moin,"),
        "close": ("Vielen Dank.", "Mit freundlichen Grüßen.", "Viele Grüße.", "Danke im Voraus."),
        "generic": (
            "Ich bin schon seit Jahren Kunde bei Ihnen.",
            "Die Bestellnummer ist {order}.",
            "Ich habe Ihnen schon letzte Woche geschrieben, aber keine Antwort bekommen.",
            "Es ist ein Geschenk, deshalb ist es etwas dringend.",
        ),
        "ask": (
            "Können Sie mir bitte weiterhelfen?",
            "Ich bitte um eine schnelle Rückmeldung.",
            "Bitte prüfen Sie das und melden Sie sich bei mir.",
        ),
        "billing": (
            "Mir wurden für die Bestellung {order} zweimal {eur} abgebucht.",
            "Auf meiner Rechnung steht ein höherer Betrag als im Warenkorb angezeigt.",
            "Meine Zahlung wird abgelehnt, obwohl meine Karte gültig ist.",
        ),
        "shipping": (
            "Meine Bestellung {order} sollte am {ddate} ankommen, ist aber immer noch nicht da.",
            "Laut Sendungsverfolgung wurde das Paket zugestellt, aber ich habe nichts erhalten.",
            "Das Paket hängt seit Tagen beim Zoll fest.",
        ),
        "technical": (
            "Die App stürzt jedes Mal ab, wenn ich meine Bestellungen öffnen will.",
            "Seit dem Update auf {version} verbindet sich das Gerät nicht mehr mit meinem Handy.",
            "Beim Bezahlen erscheint immer die Fehlermeldung {error}.",
        ),
        "account": (
            "Ich kann mich nicht mehr in mein Kundenkonto einloggen.",
            "Bitte löschen Sie mein Kundenkonto und alle meine Daten.",
            "Ich bekomme keine Bestätigungs-E-Mail für mein neues Konto.",
        ),
        "returns": (
            "Ich möchte den Artikel aus Bestellung {order} zurückschicken, er passt leider nicht.",
            "Meine Rücksendung ist seit zwei Wochen unterwegs und ich habe noch keine Erstattung.",
            "Kann ich den Artikel gegen eine andere Größe umtauschen?",
        ),
        "feedback": (
            "Ich wollte nur sagen, dass ich mit Ihrem Service sehr zufrieden bin.",
            "Die neue Webseite ist leider ziemlich unübersichtlich.",
            "Die Verpackung war viel zu groß für so einen kleinen Artikel.",
        ),
    },
    "fr": {
        "open": ("Bonjour,", "Madame, Monsieur,", "Bonsoir,", "Bonjour à toute l'équipe,"),
        "close": ("Merci d'avance.", "Cordialement.", "Bien à vous.", "Merci beaucoup."),
        "generic": (
            "Je suis client chez vous depuis plusieurs années.",
            "Le numéro de commande est {order}.",
            "Je vous ai déjà écrit la semaine dernière sans réponse.",
            "C'est un cadeau, donc c'est assez urgent.",
        ),
        "ask": (
            "Pouvez-vous m'aider, s'il vous plaît ?",
            "Merci de me répondre rapidement.",
            "Pourriez-vous vérifier et revenir vers moi ?",
        ),
        "billing": (
            "J'ai été débité deux fois de {eur} pour la commande {order}.",
            "Le montant de ma facture ne correspond pas au prix affiché sur le site.",
            "Mon paiement est refusé alors que ma carte est valide.",
        ),
        "shipping": (
            "Ma commande {order} devait arriver le {ndate} mais je ne l'ai toujours pas reçue.",
            "Le suivi indique que le colis a été livré, mais je n'ai rien reçu.",
            "Le colis est bloqué en douane depuis plusieurs jours.",
        ),
        "technical": (
            "L'application plante à chaque fois que j'ouvre l'historique de mes commandes.",
            "Depuis la mise à jour {version}, l'appareil ne se connecte plus à mon téléphone.",
            "Le site affiche l'erreur {error} au moment du paiement.",
        ),
        "account": (
            "Je n'arrive plus à me connecter à mon compte.",
            "Je souhaite supprimer mon compte ainsi que toutes mes données personnelles.",
            "Je n'ai jamais reçu l'e-mail de confirmation pour mon nouveau compte.",
        ),
        "returns": (
            "Je voudrais retourner l'article de la commande {order}, la taille ne convient pas.",
            "J'ai renvoyé le produit il y a deux semaines et je n'ai toujours pas été remboursé.",
            "Est-il possible d'échanger l'article contre une autre taille ?",
        ),
        "feedback": (
            "Je voulais simplement vous dire que je suis très satisfait de votre service.",
            "Le nouveau site est beaucoup moins pratique qu'avant.",
            "L'emballage était beaucoup trop grand pour un si petit article.",
        ),
    },
    "es": {
        "open": ("Hola,", "Buenos días,", "Buenas tardes,", "Estimado equipo de soporte,"),
        "close": ("Gracias de antemano.", "Saludos cordiales.", "Un saludo.", "Muchas gracias."),
        "generic": (
            "Soy cliente desde hace varios años.",
            "El número de pedido es {order}.",
            "Ya les escribí la semana pasada y no recibí respuesta.",
            "Es un regalo, así que es algo urgente.",
        ),
        "ask": (
            "¿Me pueden ayudar, por favor?",
            "Espero su pronta respuesta.",
            "¿Podrían revisarlo y ponerse en contacto conmigo?",
        ),
        "billing": (
            "Me cobraron dos veces {eur} por el pedido {order}.",
            "El importe de mi factura no coincide con el precio que aparecía en la web.",
            "Mi pago es rechazado aunque mi tarjeta es válida.",
        ),
        "shipping": (
            "Mi pedido {order} debía llegar el {ndate} y todavía no lo he recibido.",
            "El seguimiento dice que el paquete fue entregado, pero no he recibido nada.",
            "El paquete lleva varios días retenido en la aduana.",
        ),
        "technical": (
            "La aplicación se cierra cada vez que abro el historial de pedidos.",
            "Desde la actualización {version}, el dispositivo ya no se conecta a mi teléfono.",
            "La página muestra el error {error} al pagar.",
        ),
        "account": (
            "No puedo iniciar sesión en mi cuenta.",
            "Quiero eliminar mi cuenta y todos mis datos personales.",
            "Nunca recibí el correo de verificación de mi nueva cuenta.",
        ),
        "returns": (
            "Quisiera devolver el artículo del pedido {order}, no me queda bien.",
            "Envié la devolución hace dos semanas y todavía no me han reembolsado.",
            "¿Es posible cambiar el artículo por otra talla?",
        ),
        "feedback": (
            "Solo quería decir que estoy muy contento con su servicio.",
            "La nueva página web es mucho menos práctica que antes.",
            "El embalaje era demasiado grande para un artículo tan pequeño.",
        ),
    },
}

# ---- junk ----
JUNK_SHORT = (
    "ok",
    "???",
    "hi",
    "test",
    ".",
    "k",
    "help",
    "hello?",
    "asdf",
    "!!!",
    "..",
    "yes",
    "no",
    "thx",
    "?",
)
JUNK_SYMBOLS = (
    "$$$",
    "!!!",
    "###",
    "***",
    "%%%",
    "@@",
    "&&&",
    "???",
    "~~~",
    "^^^",
    "+++",
    "==",
    "---",
    ">>>",
)
JUNK_WORDS = ("help", "refund", "order", "asap", "hello", "please", "urgent", "call me back")
JUNK_HTML = (
    '<div class="footer"><p>Sent from my iPhone</p></div>',
    "<html><body><table><tr><td>&nbsp;</td></tr></table></body></html>",
    "Click here to unsubscribe | Privacy Policy | Terms of Service | (c) 2024 All rights reserved",
    "<p>&nbsp;</p><p>&nbsp;</p><br><br>-- <br>This email and any attachments are confidential.",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.",
)
KEYBOARD = "asdfghjklqwertyuiopzxcvbnm"

# ---- near-duplicate edits ----
GREETING_SWAP = {
    "Hi,": "Hello,",
    "Hello,": "Hi,",
    "Hey,": "Hi,",
    "Hi": "Hello",
    "Hello": "Hi",
    "Dear": "Hi",
    "hi,": "hello,",
    "hello,": "hi,",
    "hey,": "hi,",
}
WORD_SWAP = {
    "please": "kindly",
    "order": "purchase",
    "really": "truly",
    "quick": "fast",
    "help": "assistance",
    "package": "parcel",
    "item": "product",
    "charged": "billed",
    "received": "gotten",
}
NEAR_SUFFIXES = ("Thanks again.", "Thank you!", "Cheers.", "Please advise.", "Many thanks.", "Update please.")

# ---- fake PII values (all invented; phone numbers use fictional 555 / Ofcom drama ranges) ----
FIRST_NAMES = (
    "James",
    "Maria",
    "Wei",
    "Aisha",
    "Olusegun",
    "Priya",
    "Liam",
    "Sofia",
    "Mateo",
    "Yuki",
    "Fatima",
    "Noah",
    "Chloé",
    "Dmitri",
    "Ana",
    "Kwame",
    "Ingrid",
    "Rahul",
    "Emma",
    "Jamal",
    "Mei",
    "Lucas",
    "Zanele",
    "Omar",
    "Hannah",
    "Tomasz",
    "Leila",
    "Carlos",
    "Siobhan",
    "Hiroshi",
    "Amara",
    "Björn",
    "Grace",
    "Diego",
    "Nadia",
)
LAST_NAMES = (
    "Johnson",
    "Garcia",
    "Nguyen",
    "Okafor",
    "Patel",
    "Sato",
    "Haddad",
    "Rossi",
    "Andersson",
    "O'Brien",
    "Fernández",
    "Kowalski",
    "Müller",
    "Chen",
    "Mensah",
    "Ivanova",
    "Schmidt",
    "Dubois",
    "Kim",
    "Silva",
    "Thompson",
    "Novak",
    "Abara",
    "Lindqvist",
    "Martinez",
    "Walker",
    "Yilmaz",
    "Kaur",
    "Moreau",
    "Bianchi",
)
EMAIL_DOMAINS = (
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "proton.me",
    "icloud.com",
    "example.com",
    "mail.com",
)
US_AREA_CODES = ("212", "312", "415", "503", "617", "702", "213", "305", "404", "512", "206", "720", "646")
STREETS = (
    "Maple Avenue",
    "Oak Street",
    "Pine Road",
    "Cedar Lane",
    "Elm Drive",
    "Lakeview Boulevard",
    "Washington Street",
    "Sunset Drive",
    "Hillcrest Road",
    "Willow Court",
    "Park Avenue",
    "2nd Street",
    "Birch Way",
    "Riverside Drive",
    "Chestnut Place",
    "Meadow Lane",
)
CITIES = (
    ("Springfield", "IL", "62704"),
    ("Portland", "OR", "97205"),
    ("Austin", "TX", "78701"),
    ("Madison", "WI", "53703"),
    ("Columbus", "OH", "43215"),
    ("Denver", "CO", "80202"),
    ("Raleigh", "NC", "27601"),
    ("Boise", "ID", "83702"),
    ("Tucson", "AZ", "85701"),
    ("Albany", "NY", "12207"),
    ("Savannah", "GA", "31401"),
    ("Burlington", "VT", "05401"),
    ("Ann Arbor", "MI", "48104"),
    ("Fresno", "CA", "93721"),
)
CARD_PREFIXES = (
    ("4", 16),
    ("4", 16),
    ("51", 16),
    ("53", 16),
    ("55", 16),
    ("34", 15),
    ("37", 15),
    ("6011", 16),
)
TEST_CARDS = (
    "4111111111111111",
    "5555555555554444",
    "378282246310005",
    "6011111111111117",
    "4012888888881881",
)
IBAN_BANKS = {"GB": ("NWBK", "BARC", "LOYD", "HBUK"), "NL": ("ABNA", "INGB", "RABO")}
IP_FIRST_OCTETS = (23, 45, 62, 81, 91, 103, 145, 176, 185, 203, 212, 198, 192)

# (prefix, suffix) around one injected value; Presidio entity names.
PII_TEMPLATES = {
    "EMAIL_ADDRESS": (
        ("You can reach me at ", "."),
        ("My email is ", " if you need to follow up."),
        ("Please send the confirmation to ", " instead of my old address."),
        ("The account is registered under ", "."),
    ),
    "PHONE_NUMBER": (
        ("You can call me on ", " after 5pm."),
        ("My phone number is ", "."),
        ("Text me at ", " when it ships."),
        ("The courier can reach me at ", "."),
    ),
    "PERSON": (
        ("My name is ", " and I placed the order last week."),
        ("The order is under the name ", "."),
        ("Best regards, ", "."),
        ("Please address the package to ", "."),
    ),
    "US_SSN": (
        ("For the credit application you asked for my SSN, it is ", "."),
        ("My social security number is ", " if you need it for verification."),
        ("The tax form needs my SSN: ", "."),
    ),
    "CREDIT_CARD": (
        ("My card ", " was charged twice."),
        ("I paid with the card number ", "."),
        ("Please charge the remaining balance to ", " instead."),
        ("The card I used was ", ", it expires next year."),
    ),
    "IBAN_CODE": (
        ("Please send the refund to my bank account ", "."),
        ("My IBAN is ", " if a bank transfer is easier."),
        ("You can wire the money to IBAN ", "."),
    ),
    "IP_ADDRESS": (
        ("The login came from IP address ", ", which isn't mine."),
        ("Your site blocked my IP ", " after a few attempts."),
        ("My router's public IP is ", " if that helps debugging."),
    ),
    "LOCATION": (
        ("Ship to ", " please."),
        ("My address is ", "."),
        ("Please send the replacement to ", "."),
        ("The package should have gone to ", " but it didn't."),
    ),
}
PII_TYPES = tuple(PII_TEMPLATES)
# relative frequency of each PII type when injected into corpus records
PII_WEIGHTS = (25, 20, 20, 3, 10, 5, 5, 12)


# ---------------------------------------------------------------- fake value makers
def digits(rng: Random, k: int) -> str:
    """``k`` random decimal digits (drawn 9 at a time: a float only carries ~15 significant digits)."""
    out = ""
    while len(out) < k:
        n = min(9, k - len(out))
        out += f"{int(rng.random() * 10**n):0{n}d}"
    return out


def _one(rng: Random, items: tuple[str, ...] | str) -> str:
    return items[int(rng.random() * len(items))]  # like rng.choice, at half the cost


def fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().replace("'", "").lower()


SLOT_MAKERS: dict[str, Callable[[Random], str]] = {
    "product": lambda r: _one(r, PRODUCTS),
    "product2": lambda r: _one(r, PRODUCTS),
    "order": lambda r: f"#{chr(65 + int(r.random() * 26))}-{10000 + int(r.random() * 90000)}",
    "amount": lambda r: f"${5 + int(r.random() * 400)}.{_one(r, ('99', '49', '00', '95', '50'))}",
    "amount2": lambda r: f"${5 + int(r.random() * 400)}.{_one(r, ('99', '49', '00', '95', '50'))}",
    "date": lambda r: f"{_one(r, MONTHS)} {1 + int(r.random() * 28)}",
    "ndate": lambda r: f"{1 + int(r.random() * 28):02d}/{1 + int(r.random() * 12):02d}",
    "ddate": lambda r: f"{1 + int(r.random() * 28):02d}.{1 + int(r.random() * 12):02d}.",
    "eur": lambda r: f"{5 + int(r.random() * 300)},{_one(r, ('00', '49', '95', '99'))} €",
    "tracking": lambda r: f"{_one(r, ('1Z', 'TRK-'))}{int(r.random() * 16**12):012X}",
    "carrier": lambda r: _one(r, CARRIERS),
    "days": lambda r: str(3 + int(r.random() * 12)),
    "version": lambda r: f"{1 + int(r.random() * 5)}.{int(r.random() * 10)}.{int(r.random() * 10)}",
    "device": lambda r: _one(r, DEVICES),
    "browser": lambda r: _one(r, BROWSERS),
    "error": lambda r: _one(r, ("E-", "ERR_", "PAY-", "AUTH-")) + str(100 + int(r.random() * 900)),
    "plan": lambda r: _one(r, PLANS),
    "promo": lambda r: _one(r, PROMOS),
    "last4": lambda r: digits(r, 4),
    "count": lambda r: str(2 + int(r.random() * 5)),
    "years": lambda r: str(2 + int(r.random() * 8)),
    "sku": lambda r: f"SKU-{100000 + int(r.random() * 900000)}",
    "ticket": lambda r: f"TKT-{10000 + int(r.random() * 90000)}",
}


_BASE36 = str.maketrans({chr(c): str(c - 55) for c in range(65, 91)})  # A -> "10" ... Z -> "35"


def luhn_digit(payload: str) -> str:
    """Check digit that makes ``payload + digit`` pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 check digits: 98 - (BBAN + country + '00' as base-36 digits) mod 97."""
    numeric = (bban + country + "00").translate(_BASE36)
    return f"{98 - int(numeric) % 97:02d}"


def _person(rng: Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _email(rng: Random) -> str:
    first, last = fold(rng.choice(FIRST_NAMES)), fold(rng.choice(LAST_NAMES))
    local = rng.choice((f"{first}.{last}", f"{first}{last[0]}", f"{first[0]}{last}", f"{first}_{last}"))
    suffix = str(int(rng.random() * 100)) if rng.random() < 0.3 else ""
    return f"{local}{suffix}@{rng.choice(EMAIL_DOMAINS)}"


def _phone(rng: Random) -> str:
    area, line, r = rng.choice(US_AREA_CODES), digits(rng, 4), rng.random()
    if r < 0.7:
        fmt = rng.choice(("({a}) 555-{n}", "{a}-555-{n}", "+1 {a} 555 {n}", "{a}.555.{n}", "+1-{a}-555-{n}"))
        return fmt.format(a=area, n=line)
    if r < 0.85:
        return rng.choice((f"+44 20 7946 0{line[1:]}", f"+44 7700 900{line[1:]}"))
    return rng.choice((f"+49 30 {digits(rng, 4)}{line}", f"+49 151 {digits(rng, 4)}{line}"))


def _ssn(rng: Random) -> str:
    area = 1 + int(rng.random() * 899)
    area = 667 if area == 666 else area
    sep = " " if rng.random() < 0.1 else "-"
    return f"{area:03d}{sep}{1 + int(rng.random() * 99):02d}{sep}{1 + int(rng.random() * 9999):04d}"


def _card(rng: Random) -> str:
    if rng.random() < 0.15:
        number = rng.choice(TEST_CARDS)
    else:
        prefix, length = rng.choice(CARD_PREFIXES)
        body = prefix + digits(rng, length - len(prefix) - 1)
        number = body + luhn_digit(body)
    groups = (0, 4, 10, 15) if len(number) == 15 else (0, 4, 8, 12, 16)
    sep = rng.choice((" ", " ", "-", ""))
    return sep.join(number[a:b] for a, b in zip(groups, groups[1:], strict=False))


def _iban(rng: Random) -> str:
    country = rng.choice(("DE", "GB", "FR", "ES", "NL"))
    bank = rng.choice(IBAN_BANKS.get(country, ("",)))
    bban = bank + digits(rng, {"DE": 18, "GB": 14, "FR": 23, "ES": 20, "NL": 10}[country])
    iban = country + iban_check_digits(country, bban) + bban
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if rng.random() < 0.7 else iban


def _ip(rng: Random) -> str:
    octets = (int(rng.random() * 256), int(rng.random() * 256), 1 + int(rng.random() * 254))
    return f"{rng.choice(IP_FIRST_OCTETS)}.{octets[0]}.{octets[1]}.{octets[2]}"


def _address(rng: Random) -> str:
    city, state, zip_code = rng.choice(CITIES)
    apt = f", Apt {1 + int(rng.random() * 30)}{rng.choice('ABCD')}" if rng.random() < 0.2 else ""
    return f"{100 + int(rng.random() * 9800)} {rng.choice(STREETS)}{apt}, {city}, {state} {zip_code}"


PII_MAKERS: dict[str, Callable[[Random], str]] = {
    "EMAIL_ADDRESS": _email,
    "PHONE_NUMBER": _phone,
    "PERSON": _person,
    "US_SSN": _ssn,
    "CREDIT_CARD": _card,
    "IBAN_CODE": _iban,
    "IP_ADDRESS": _ip,
    "LOCATION": _address,
}
