DROP TABLE reseller_invitations;
