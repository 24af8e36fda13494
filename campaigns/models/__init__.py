"""The campaigns models (one module per concept, re-exported here)."""

from campaigns.models import choices
from campaigns.models.campaign import Activity, Airing, Campaign, Material, Participation
from campaigns.models.sms import Broadcast, BroadcastText, Gateway, Message, OperatorPrice, SmsPolicy
from campaigns.models.subscribers import OptOut, Subscriber, SubscriberImport, SubscriberList

__all__ = [
    "Activity",
    "Airing",
    "Broadcast",
    "BroadcastText",
    "Campaign",
    "Gateway",
    "Material",
    "Message",
    "OperatorPrice",
    "OptOut",
    "Participation",
    "SmsPolicy",
    "Subscriber",
    "SubscriberImport",
    "SubscriberList",
    "choices",
]
