"""
The call centre's support page for a member, inside the admin: can the member log
in, can a code be sent, the last codes and events in plain words, and the operator's
actions, each reporting what really happened.
"""
